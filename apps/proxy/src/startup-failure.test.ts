import { describe, expect, it } from 'vitest';
import { startupFailure } from './startup-failure.js';

const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', syscall: 'listen' });

describe('startupFailure', () => {
  // Found in review: the hint was the port plus one, which could be the port the sandbox had taken.
  it('suggests a port other than the one in use and the ones this process uses', () => {
    expect(
      startupFailure(inUse, { what: 'the proxy', host: '127.0.0.1', port: 8080, portVariable: 'PORT', taken: [8081] }),
    ).toBe(
      'cannot start the proxy: 127.0.0.1:8080 is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as PORT=8082',
    );
    expect(startupFailure(inUse, { what: 'the proxy', host: '::1', port: 65535, portVariable: 'PORT' })).toContain(
      '[::1]:65535 is already in use',
    );
  });

  it('quotes any other failure as it is, not as a listening problem', () => {
    expect(
      startupFailure(new Error("REDIS_URL's user or password is refused by this Redis: WRONGPASS"), {
        what: 'the proxy',
        host: '127.0.0.1',
        port: 8080,
        portVariable: 'PORT',
      }),
    ).toBe("cannot start the proxy: REDIS_URL's user or password is refused by this Redis: WRONGPASS");
  });
});
