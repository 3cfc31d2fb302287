import { describe, expect, it } from 'vitest';
import { startFailure } from './start-failure.js';

/** An error as Node's `listen` or `mkdir` raises it. */
function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('startFailure', () => {
  const cases: [string, { error: unknown; host: string; port: number; want: string }][] = [
    [
      'an IPv6 address in use is written in brackets',
      {
        error: systemError('EADDRINUSE', 'listen EADDRINUSE'),
        host: '::1',
        port: 4010,
        want: '[::1]:4010 is already in use (another sandbox, or the root pnpm start, whose embedded sandbox listens on 4010?). Stop it, or choose another port, such as PORT=4011',
      },
    ],
    [
      'the highest port suggests one that exists',
      {
        error: systemError('EADDRINUSE', 'listen EADDRINUSE'),
        host: '127.0.0.1',
        port: 65535,
        want: '127.0.0.1:65535 is already in use (another sandbox, or the root pnpm start, whose embedded sandbox listens on 4010?). Stop it, or choose another port, such as PORT=1024',
      },
    ],
    [
      'any other error is its own message',
      {
        error: systemError('ENOTDIR', 'ENOTDIR: not a directory, mkdir /tmp/file/data'),
        host: '127.0.0.1',
        port: 4010,
        want: 'ENOTDIR: not a directory, mkdir /tmp/file/data',
      },
    ],
    ['a thrown value that is no error', { error: 'boom', host: '127.0.0.1', port: 4010, want: 'boom' }],
  ];
  for (const [name, { error, host, port, want }] of cases) {
    it(name, () => {
      expect(startFailure(error, { host, port })).toBe(want);
    });
  }
});
