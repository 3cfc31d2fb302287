import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegularFile } from './regular-file.js';

const MODULE = fileURLToPath(new URL('./regular-file.ts', import.meta.url));
const TEXT = '[{"name":"web","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'assetkit-regular-file-'));
  writeFileSync(join(dir, 'keys.json'), TEXT);
  mkdirSync(join(dir, 'folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A FIFO at `path` (mkfifo(1): Node cannot make one). */
function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) {
    throw new Error(`mkfifo ${path} failed: ${made.stderr}`);
  }
}

// Windows has no FIFOs to hang on (nor mkfifo).
const hasMkfifo = process.platform !== 'win32';

describe('readRegularFile', () => {
  it('reads a regular file, through a symbolic link too', () => {
    symlinkSync(join(dir, 'keys.json'), join(dir, 'link.json'));
    expect(readRegularFile(join(dir, 'keys.json'))).toBe(TEXT);
    expect(readRegularFile(join(dir, 'link.json'))).toBe(TEXT);
  });

  it('refuses a directory and a device, and says a missing file is missing', () => {
    expect(() => readRegularFile(join(dir, 'folder'))).toThrow(/^not a regular file$/);
    expect(() => readRegularFile('/dev/zero')).toThrow(/^not a regular file$/);
    expect(() => readRegularFile(join(dir, 'missing.json'))).toThrow(/ENOENT: no such file or directory/);
  });

  it.runIf(hasMkfifo)('refuses a FIFO with no writer at once, without hanging in the open', () => {
    mkfifo(join(dir, 'lone-fifo'));
    expect(() => readRegularFile(join(dir, 'lone-fifo'))).toThrow(/^not a regular file$/);
  });

  // Found in review: the path was checked with stat and then read by name, so a regular file
  // swapped for a FIFO in between was opened for reading, which blocks until a writer comes:
  // start-up hung. Here another thread swaps the path back and forth while the reads run; a read
  // that opens the FIFO by name never returns, so it runs in its own process, given 20 seconds.
  it.runIf(hasMkfifo)(
    'checks what it reads: a path swapped between a file and a FIFO never hangs it',
    async () => {
      mkfifo(join(dir, 'fifo'));
      symlinkSync(join(dir, 'keys.json'), join(dir, 'swapped'));
      const script = `
        import { Worker } from 'node:worker_threads';
        import { readRegularFile } from ${JSON.stringify(MODULE)};
        const dir = ${JSON.stringify(dir)};
        const swapper = new Worker(
          \`import { renameSync, symlinkSync } from 'node:fs';
          import { parentPort } from 'node:worker_threads';
          const dir = \${JSON.stringify(dir)};
          for (let i = 0; ; i++) {
            symlinkSync(dir + (i % 2 ? '/fifo' : '/keys.json'), dir + '/next');
            renameSync(dir + '/next', dir + '/swapped');
            if (i === 1) parentPort.postMessage('swapping');
          }\`,
          { eval: true },
        );
        await new Promise((resolve) => swapper.once('message', resolve));
        const seen = { read: 0, refused: 0, other: [] };
        // Until each side has been met often (a stat-then-read hangs within a few hundred).
        for (let i = 0; i < 200000 && (seen.read < 1000 || seen.refused < 1000); i++) {
          try {
            const text = readRegularFile(dir + '/swapped');
            text === ${JSON.stringify(TEXT)} ? seen.read++ : seen.other.push(text);
          } catch (error) {
            error.message === 'not a regular file' ? seen.refused++ : seen.other.push(error.message);
          }
        }
        console.log(JSON.stringify(seen));
        process.exit(0);
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
        child.once('exit', (c, s) => resolve([c, s])),
      );
      clearTimeout(timer);
      expect([code, signal], output || 'no output: a read hung, and the process was killed after 20 s').toEqual([
        0,
        null,
      ]);
      const seen = JSON.parse(output) as { read: number; refused: number; other: string[] };
      // Both sides of the swap were met, and nothing else: never a FIFO's text, never a hang.
      expect(seen.other).toEqual([]);
      expect(seen.read).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    },
    30_000,
  );
});
