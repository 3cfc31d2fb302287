import { describe, expect, it } from 'vitest';
import { cannotStart, type ListenTarget, startupFailure } from './startup-failure.js';

/** An error as Node's `listen`, `getaddrinfo` or `mkdir` raises it. */
const systemError = (code: string, syscall: string, message = `${syscall} ${code}`) =>
  Object.assign(new Error(message), { code, syscall });

const proxy: ListenTarget = {
  what: 'the proxy',
  host: '127.0.0.1',
  port: 8080,
  portVariable: 'PORT',
  defaultPort: 8080,
  inUseHint: 'another assetkit proxy or sandbox still running?',
};
const embedded: ListenTarget = {
  what: 'the embedded sandbox',
  host: '127.0.0.1',
  port: 80,
  portVariable: 'SANDBOX_PORT',
  defaultPort: 4010,
  taken: [4010],
  inUseHint: 'another assetkit proxy or sandbox still running?',
};

describe('startupFailure', () => {
  // Found in review: the hint was the port plus one, which could be the port the sandbox had taken.
  it('suggests a port other than the one in use and the ones this process uses', () => {
    expect(startupFailure(systemError('EADDRINUSE', 'listen'), { ...proxy, taken: [8081] })).toBe(
      'cannot start the proxy: 127.0.0.1:8080 is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as PORT=8082',
    );
  });

  it('writes an IPv6 address in brackets, and wraps the highest port round to 1024', () => {
    expect(startupFailure(systemError('EADDRINUSE', 'listen'), { ...proxy, host: '::1', port: 65535 })).toBe(
      'cannot start the proxy: [::1]:65535 is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as PORT=1024',
    );
  });

  // Found folding the sandbox's copy in: a port not permitted was answered with PORT=8080 whatever
  // was starting, so the embedded sandbox was sent to the proxy's own port.
  it('suggests the default port where the one asked for is not permitted, unless this process holds it', () => {
    expect(startupFailure(systemError('EACCES', 'listen'), proxy)).toBe(
      'cannot start the proxy: listening on 127.0.0.1:8080 is not permitted for this user (ports below 1024 usually need root). Choose another port: PORT=8080',
    );
    expect(startupFailure(systemError('EACCES', 'listen'), embedded)).toContain(
      'Choose another port: SANDBOX_PORT=4011',
    );
    expect(startupFailure(systemError('EACCES', 'listen'), { ...embedded, taken: [] })).toContain('SANDBOX_PORT=4010');
  });

  it('names HOST when it is no address or name of this machine', () => {
    expect(startupFailure(systemError('EADDRNOTAVAIL', 'listen'), { ...proxy, host: '192.0.2.1' })).toBe(
      'cannot start the proxy: HOST=192.0.2.1 is not an address of this machine. Set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0 (every address)',
    );
    expect(startupFailure(systemError('ENOTFOUND', 'getaddrinfo'), { ...proxy, host: 'nowhere.invalid' })).toBe(
      'cannot start the proxy: HOST=nowhere.invalid is not a name this machine can resolve. Set HOST to an address of this machine, 127.0.0.1 or 0.0.0.0 (every address)',
    );
  });

  it('quotes any other failure as it is, not as a listening problem', () => {
    expect(startupFailure(new Error("REDIS_URL's user or password is refused by this Redis: WRONGPASS"), proxy)).toBe(
      "cannot start the proxy: REDIS_URL's user or password is refused by this Redis: WRONGPASS",
    );
    expect(startupFailure(systemError('ENOTDIR', 'mkdir', 'ENOTDIR: not a directory, mkdir /tmp/f/data'), proxy)).toBe(
      'cannot start the proxy: ENOTDIR: not a directory, mkdir /tmp/f/data',
    );
    expect(startupFailure('boom', proxy)).toBe('cannot start the proxy: boom');
    // The same words where no address is known yet (the sandbox's main, before its configuration).
    expect(cannotStart('the sandbox', new Error('boom'))).toBe('cannot start the sandbox: boom');
    expect(startupFailure(systemError('EMFILE', 'listen', 'listen EMFILE: too many open files'), proxy)).toBe(
      'cannot start the proxy on 127.0.0.1:8080: listen EMFILE: too many open files',
    );
  });
});
