/**
 * The floor of any proxy on this host: a Node process that relays TCP bytes to the upstream and
 * back, with no HTTP parsing and no validation. What it adds over calling the upstream directly is
 * what one more process hop costs here (scheduling, copies, a second socket pair), which no HTTP
 * proxy can beat. Usage: `tcp-relay.ts <upstream-url>`; prints `listening <port>`.
 */
import { connect, createServer } from 'node:net';

const target = new URL(process.argv[2] ?? 'http://127.0.0.1:1');
const server = createServer({ noDelay: true }, (client) => {
  const upstream = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.pipe(upstream).pipe(client);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => process.exit(0));
