// Preloaded (node --import) into the proxy's entry point by main-signals.test.ts: sends the
// process SIGTERM from inside the write of its ready line, the earliest moment a supervisor
// waiting for that line could, so the signal lands wherever that write stands in start-up.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).startsWith('assetkit proxy ready')) {
    process.kill(process.pid, 'SIGTERM');
  }
  return written;
};
