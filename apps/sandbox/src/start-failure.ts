/**
 * The one-line reason the sandbox could not start, saying which variable to change when it could
 * not listen (`PORT`, `HOST`); any other error is its own message.
 *
 * @example
 * startFailure(error, { host: '127.0.0.1', port: 4010 });
 * // '127.0.0.1:4010 is already in use (another sandbox, or the root pnpm start, …?). Stop it, or choose another port, such as PORT=4011'
 */
export function startFailure(error: unknown, { host, port }: { host: string; port: number }): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'EADDRINUSE':
      return `${host.includes(':') ? `[${host}]` : host}:${port} is already in use (another sandbox, or the root pnpm start, whose embedded sandbox listens on 4010?). Stop it, or choose another port, such as PORT=${port >= 65535 ? 1024 : port + 1}`;
    case 'EADDRNOTAVAIL':
      return `HOST=${host} is not an address of this machine. Set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0 (every address)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST=${host} is not a name this machine can resolve. Set HOST to an address of this machine, 127.0.0.1 or 0.0.0.0 (every address)`;
    default:
      return message ?? String(error);
  }
}
