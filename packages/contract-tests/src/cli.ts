#!/usr/bin/env node
import { main } from './cli/main.js';

// The bin: real streams, real signals. Everything else lives in main() so tests run it in-process.
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  exit: (code) => process.exit(code),
});
