#!/usr/bin/env node
// The bin, committed so pnpm can link it before `dist/` is built (it warned on every fresh install).
import '../dist/cli.js';
