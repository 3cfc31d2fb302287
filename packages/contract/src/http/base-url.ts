/**
 * `http://host:port` as callers can reach a server listening on `host`: a wildcard host (every
 * address: `0.0.0.0`, `::`) is no destination, so it is shown as loopback (`127.0.0.1`, `::1`),
 * and an IPv6 address is written in brackets.
 *
 * @example
 * baseUrl('0.0.0.0', 8080); // 'http://127.0.0.1:8080'
 * baseUrl('::', 8080); // 'http://[::1]:8080'
 */
export function baseUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
