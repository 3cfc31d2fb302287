import { canListen, holdNeighbouringPorts } from '@assetkit/vitest-config/held-ports';
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
  // Found by a new user: the port plus one was suggested even when it was in use too.
  it('suggests a port that was free when checked, not the one in use, the next one in use, nor one this process uses', async () => {
    const held = await holdNeighbouringPorts();
    try {
      const [port, next] = held.ports;
      const probe = (candidate: number) =>
        canListen('127.0.0.1', candidate).then((free) => (free ? candidate : undefined));
      const message = await startupFailure(systemError('EADDRINUSE', 'listen'), {
        ...proxy,
        port,
        taken: [port + 2],
        probe,
      });
      const match =
        /^cannot start the proxy: 127\.0\.0\.1:(\d+) is already in use \(another assetkit proxy or sandbox still running\?\)\. Stop it, or choose another port, such as PORT=(\d+)$/.exec(
          message,
        );
      expect(match?.[1]).toBe(String(port));
      const suggested = Number(match?.[2]);
      expect([port, next, port + 2]).not.toContain(suggested);
      // Free: it can be listened on now.
      expect(await canListen('127.0.0.1', suggested)).toBe(true);
    } finally {
      await held.close();
    }
  });

  it('writes an IPv6 address in brackets, and without a probe suggests the next port, the highest wrapping round to 1024', async () => {
    expect(await startupFailure(systemError('EADDRINUSE', 'listen'), { ...proxy, host: '::1', port: 65535 })).toBe(
      'cannot start the proxy: [::1]:65535 is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as PORT=1024',
    );
  });

  it('asks the OS for a port when the next few cannot be listened on', async () => {
    const probe = async (port: number) => (port === 0 ? 43210 : undefined);
    expect(await startupFailure(systemError('EADDRINUSE', 'listen'), { ...proxy, probe })).toMatch(
      /such as PORT=43210$/,
    );
  });

  // Found folding the sandbox's copy in: a port not permitted was answered with PORT=8080 whatever
  // was starting, so the embedded sandbox was sent to the proxy's own port.
  it('suggests the default port where the one asked for is not permitted, unless this process holds it', async () => {
    expect(await startupFailure(systemError('EACCES', 'listen'), proxy)).toBe(
      'cannot start the proxy: listening on 127.0.0.1:8080 is not permitted for this user (ports below 1024 usually need root). Choose another port: PORT=8080',
    );
    expect(await startupFailure(systemError('EACCES', 'listen'), embedded)).toContain(
      'Choose another port: SANDBOX_PORT=4011',
    );
    expect(await startupFailure(systemError('EACCES', 'listen'), { ...embedded, taken: [] })).toContain(
      'SANDBOX_PORT=4010',
    );
  });

  it('names HOST when it is no address or name of this machine', async () => {
    expect(await startupFailure(systemError('EADDRNOTAVAIL', 'listen'), { ...proxy, host: '192.0.2.1' })).toBe(
      'cannot start the proxy: HOST=192.0.2.1 is not an address of this machine. Set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0 (every address)',
    );
    expect(await startupFailure(systemError('ENOTFOUND', 'getaddrinfo'), { ...proxy, host: 'nowhere.invalid' })).toBe(
      'cannot start the proxy: HOST=nowhere.invalid is not a name this machine can resolve. Set HOST to an address of this machine, 127.0.0.1 or 0.0.0.0 (every address)',
    );
  });

  it('quotes any other failure as it is, not as a listening problem', async () => {
    expect(
      await startupFailure(new Error("REDIS_URL's user or password is refused by this Redis: WRONGPASS"), proxy),
    ).toBe("cannot start the proxy: REDIS_URL's user or password is refused by this Redis: WRONGPASS");
    expect(
      await startupFailure(systemError('ENOTDIR', 'mkdir', 'ENOTDIR: not a directory, mkdir /tmp/f/data'), proxy),
    ).toBe('cannot start the proxy: ENOTDIR: not a directory, mkdir /tmp/f/data');
    expect(await startupFailure('boom', proxy)).toBe('cannot start the proxy: boom');
    // The same words where no address is known yet (the sandbox's main, before its configuration).
    expect(cannotStart('the sandbox', new Error('boom'))).toBe('cannot start the sandbox: boom');
    expect(await startupFailure(systemError('EMFILE', 'listen', 'listen EMFILE: too many open files'), proxy)).toBe(
      'cannot start the proxy on 127.0.0.1:8080: listen EMFILE: too many open files',
    );
  });
});
