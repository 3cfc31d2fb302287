/**
 * The baseline contender: Express 5 forwarding through an undici pool with no validation at all
 * (what a hand-written proxy costs). Usage: `bare-passthrough.ts <upstream-url>`.
 */
import express from 'express';
import { Pool } from 'undici';

const upstream = new Pool(process.argv[2] ?? 'http://127.0.0.1:1', { connections: 64, pipelining: 1 });
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const answer = await upstream.request({
    method: req.method as 'GET',
    path: req.originalUrl,
    headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: 'Bearer upstream' },
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  const body = Buffer.from(await answer.body.arrayBuffer());
  res.status(answer.statusCode);
  for (const name of ['content-type', 'x-ratelimit-limit', 'x-ratelimit-remaining']) {
    const value = answer.headers[name];
    if (value !== undefined) {
      res.setHeader(name, value);
    }
  }
  res.end(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
