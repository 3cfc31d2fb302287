/**
 * The express-openapi-validator contender: Express 5 + express-openapi-validator (requests and
 * responses, same spec) + http-proxy-middleware. EOV validates responses by hooking `res.json`,
 * so the proxied body is parsed and sent through `res.json` — the wiring its docs imply.
 * Usage: `eov-proxy.ts <upstream-url> <spec-path>`.
 */
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { createProxyMiddleware } from 'http-proxy-middleware';

const [upstreamUrl = 'http://127.0.0.1:1', specPath = ''] = process.argv.slice(2);
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());
app.use(
  OpenApiValidator.middleware({
    apiSpec: specPath,
    validateRequests: true,
    validateResponses: true,
    validateSecurity: false,
    ignoreUndocumented: false,
  }),
);
app.use(
  createProxyMiddleware({
    target: upstreamUrl,
    changeOrigin: true,
    selfHandleResponse: true,
    on: {
      proxyReq: (proxyReq, req) => {
        const body = (req as express.Request).body;
        if (body && Object.keys(body).length > 0) {
          const text = JSON.stringify(body);
          proxyReq.setHeader('content-length', Buffer.byteLength(text));
          proxyReq.write(text);
        }
      },
      proxyRes: (proxyRes, _req, res) => {
        const chunks: Buffer[] = [];
        proxyRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        proxyRes.on('end', () => {
          const response = res as express.Response;
          response.status(proxyRes.statusCode ?? 502);
          for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining']) {
            const value = proxyRes.headers[name];
            if (value !== undefined) {
              response.setHeader(name, value);
            }
          }
          response.json(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
      },
    },
  }),
);
app.use(
  (
    err: { status?: number; message: string },
    _req: express.Request,
    res: express.Response,
    _next: express.NextFunction,
  ) => {
    res.status(err.status ?? 500).json({ message: err.message });
  },
);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
