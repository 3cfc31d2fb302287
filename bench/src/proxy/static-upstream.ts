/**
 * A deliberately trivial upstream for the proxy benchmarks: canned, spec-valid answers from
 * memory, so whatever sits in front of it is the bottleneck. Prints `listening <port>`.
 */
import { createServer } from 'node:http';
import { cannedResponses } from './canned.js';

const canned = cannedResponses();

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const answer = req.method === 'PATCH' ? canned.patch : path.endsWith('/assets') ? canned.list : canned.get;
  req.resume();
  req.on('end', () => {
    res.writeHead(answer.status, { ...canned.headers, 'content-length': answer.body.length });
    res.end(answer.body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
