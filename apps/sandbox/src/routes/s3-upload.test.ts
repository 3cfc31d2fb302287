import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createAndUpload, makePng, md5, postUpload, startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../start-sandbox.js';
import { encodePolicy, signPolicy } from '../upload/presigned-post.js';

const SECRET = 'test-upload-secret-0123456789';

function xmlCode(text: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
}

describe('the S3-like upload endpoint', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ uploadSecret: SECRET });
    api = apiClient(sandbox);
  });
  afterAll(() => sandbox.close());

  // biome-ignore lint/suspicious/noExplicitAny: the create-asset body
  async function create(fileName: string, bytes: Uint8Array): Promise<any> {
    const res = await api.call('POST', `/v2/sites/${sandbox.siteId}/assets`, {
      json: { fileName, fileHash: md5(bytes) },
    });
    return res.body;
  }
  const sizeOf = async (id: string) => (await api.call('GET', `/v2/assets/${id}`)).body.size as number;

  it('answers 201 with S3 XML, serves the bytes at hostedUrl and records the real size and type', async () => {
    const bytes = Buffer.from('%PDF-1.7\nhello sandbox\n');
    const created = await create('doc.pdf', bytes);
    expect(created.uploadDetails).toMatchObject({
      success_action_status: '201',
      acl: 'public-read',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    });
    expect(JSON.parse(Buffer.from(created.uploadDetails.Policy, 'base64').toString())).toMatchObject({
      expiration: expect.any(String),
      conditions: expect.arrayContaining([
        { key: created.uploadDetails.key },
        ['content-length-range', 1, 10 * 1024 * 1024],
      ]),
    });
    const res = await postUpload(created.uploadUrl, created.uploadDetails, bytes);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.text).toContain(`<Key>${created.uploadDetails.key}</Key>`);
    expect(res.text).toContain(`<ETag>"${md5(bytes)}"</ETag>`);
    const file = await fetch(created.hostedUrl);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
    expect(await sizeOf(created.id)).toBe(bytes.length);
  });

  it('makes real resized variants for raster images wider than 500 px, named like Webflow', async () => {
    const png = await makePng(1200, 900);
    const created = await createAndUpload(api, sandbox.siteId, 'wide photo.png', png);
    const asset = (await api.call('GET', `/v2/assets/${created.id}`)).body;
    expect(asset.variants.map((v: { width: number; height: number }) => [v.width, v.height])).toEqual([
      [500, 375],
      [800, 600],
      [1080, 810],
    ]);
    expect(asset.variants[0]).toMatchObject({
      originalFileName: 'wide%20photo-p-500.png',
      displayName: `${created.id}_wide%20photo-p-500.png`,
      format: 'png',
    });
    const variant = await fetch(asset.variants[1].hostedUrl);
    expect(variant.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await variant.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([800, 600]);
  });

  // Webflow's own pages (the seed "Get Asset" and "Update Asset" examples, /beta and /v2) show a
  // macOS screenshot's variant: its originalFileName and displayName are percent-encoded, as in
  // its hostedUrl ('Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png').
  it("writes a variant's originalFileName and displayName percent-encoded, as Webflow's examples do", async () => {
    const name = 'Screenshot 2024-03-20 at 9.03.24\u202fPM.png';
    const created = await createAndUpload(api, sandbox.siteId, name, await makePng(600, 400));
    const asset = (await api.call('GET', `/v2/assets/${created.id}`)).body;
    const encoded = 'Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png';
    expect(asset.variants).toHaveLength(1);
    expect(asset.variants[0]).toMatchObject({ originalFileName: encoded, displayName: `${created.id}_${encoded}` });
    expect(asset.variants[0].hostedUrl.endsWith(`/${asset.variants[0].displayName}`)).toBe(true);
    expect((await fetch(asset.variants[0].hostedUrl)).status).toBe(200);
    // The asset's own names stay as given: Webflow's examples show no encoded original.
    expect(asset).toMatchObject({ originalFileName: name, displayName: `${created.id}_${name}` });
  });

  it.each([
    ['a small raster image', 'small.png', () => makePng(400, 300)],
    [
      'an SVG',
      'logo.svg',
      async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="10"/>'),
    ],
  ])('makes no variants for %s', async (_name, fileName, bytes) => {
    const created = await createAndUpload(api, sandbox.siteId, fileName, await bytes());
    expect((await api.call('GET', `/v2/assets/${created.id}`)).body.variants).toEqual([]);
  });

  it('reports the content type the bytes really have', async () => {
    const jpeg = await sharp({ create: { width: 600, height: 400, channels: 3, background: 'blue' } })
      .jpeg()
      .toBuffer();
    const created = await createAndUpload(api, sandbox.siteId, 'mislabelled.png', jpeg);
    const asset = (await api.call('GET', `/v2/assets/${created.id}`)).body;
    expect(asset.contentType).toBe('image/jpeg');
    expect(asset.variants[0]).toMatchObject({ format: 'jpeg', width: 500 });
    expect((await fetch(asset.hostedUrl)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('replaces the stored file on a second upload and keeps a single generation on disk', async () => {
    const bytes = Buffer.from('%PDF twice');
    const created = await create('twice.pdf', bytes);
    expect((await postUpload(created.uploadUrl, created.uploadDetails, bytes)).status).toBe(201);
    expect((await postUpload(created.uploadUrl, created.uploadDetails, bytes)).status).toBe(201);
    expect(readdirSync(join(sandbox.dataDir, 'blobs', created.id))).toHaveLength(1);
  });

  describe('rejects tampering with S3-style XML errors and keeps nothing', () => {
    const tamper = async (change: (details: Record<string, string>) => void, bytes = Buffer.from('%PDF ok')) => {
      const created = await create('tamper.pdf', bytes);
      const details = { ...created.uploadDetails };
      change(details);
      const res = await postUpload(created.uploadUrl, details, bytes);
      expect(await sizeOf(created.id)).toBe(0);
      expect((await fetch(created.hostedUrl)).status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/xml');
      return { status: res.status, code: xmlCode(res.text) };
    };

    it.each([
      [
        'a bad signature',
        (d: Record<string, string>) => {
          d['X-Amz-Signature'] = '0'.repeat(64);
        },
        403,
        'SignatureDoesNotMatch',
      ],
      [
        'a changed policy',
        (d: Record<string, string>) => {
          d.Policy = encodePolicy({ expiration: '2999-01-01T00:00:00.000Z', conditions: [] });
        },
        403,
        'SignatureDoesNotMatch',
      ],
      [
        'a wrong key',
        (d: Record<string, string>) => {
          d.key = String(d.key).replace('tamper', 'other');
        },
        403,
        'AccessDenied',
      ],
      [
        'a changed content type',
        (d: Record<string, string>) => {
          d['content-type'] = 'text/html';
        },
        403,
        'AccessDenied',
      ],
      [
        'an extra field',
        (d: Record<string, string>) => {
          d['x-amz-meta-owner'] = 'me';
        },
        403,
        'AccessDenied',
      ],
      [
        'a missing Policy',
        (d: Record<string, string>) => {
          delete d.Policy;
        },
        400,
        'InvalidArgument',
      ],
      [
        'an unknown access key',
        (d: Record<string, string>) => {
          d['X-Amz-Credential'] = d['X-Amz-Credential']?.replace(/^[^/]+/, 'AKIAOTHER') ?? '';
        },
        403,
        'InvalidAccessKeyId',
      ],
    ])('%s', async (_name, change, status, code) => {
      expect(await tamper(change)).toEqual({ status, code });
    });

    it('an expired policy (validly signed)', async () => {
      const result = await tamper((d) => {
        const policy = JSON.parse(Buffer.from(d.Policy as string, 'base64').toString());
        policy.expiration = new Date(Date.now() - 1000).toISOString();
        d.Policy = encodePolicy(policy);
        d['X-Amz-Signature'] = signPolicy(d.Policy, SECRET, (d['X-Amz-Date'] as string).slice(0, 8));
      });
      expect(result).toEqual({ status: 403, code: 'AccessDenied' });
    });

    it('a file whose MD5 differs from the fileHash given at create', async () => {
      const created = await create('md5.pdf', Buffer.from('%PDF the real one'));
      const res = await postUpload(created.uploadUrl, created.uploadDetails, Buffer.from('%PDF a different one'));
      expect([res.status, xmlCode(res.text)]).toEqual([400, 'BadDigest']);
      expect(await sizeOf(created.id)).toBe(0);
    });

    it('an image over 4 MB', async () => {
      const big = randomBytes(4 * 1024 * 1024 + 1);
      const created = await create('huge.png', big);
      const res = await postUpload(created.uploadUrl, created.uploadDetails, big);
      expect([res.status, xmlCode(res.text)]).toEqual([400, 'EntityTooLarge']);
      expect(await sizeOf(created.id)).toBe(0);
    });

    it('an empty file', async () => {
      const empty = Buffer.alloc(0);
      expect(await tamper(() => {}, empty)).toEqual({ status: 400, code: 'EntityTooSmall' });
    });

    it('an upload for a deleted asset', async () => {
      const bytes = Buffer.from('%PDF gone');
      const created = await create('gone.pdf', bytes);
      await api.call('DELETE', `/v2/assets/${created.id}`);
      const res = await postUpload(created.uploadUrl, created.uploadDetails, bytes);
      expect([res.status, xmlCode(res.text)]).toEqual([404, 'NoSuchUpload']);
    });

    it('a body that is not multipart, a wrong bucket, and a GET', async () => {
      const created = await create('plain.pdf', Buffer.from('x'));
      const plain = await fetch(created.uploadUrl, {
        method: 'POST',
        body: 'file=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect([plain.status, xmlCode(await plain.text())]).toEqual([400, 'MalformedPOSTRequest']);
      const bucket = await postUpload(`${sandbox.url}/_s3/other-bucket`, created.uploadDetails, Buffer.from('x'));
      expect([bucket.status, xmlCode(bucket.text)]).toEqual([404, 'NoSuchBucket']);
      const get = await fetch(created.uploadUrl);
      expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    });

    it('a form without a file part', async () => {
      const created = await create('nofile.pdf', Buffer.from('x'));
      const form = new FormData();
      for (const [name, value] of Object.entries(created.uploadDetails as Record<string, string>)) {
        form.append(name, value);
      }
      const res = await fetch(created.uploadUrl, { method: 'POST', body: form });
      expect([res.status, xmlCode(await res.text())]).toEqual([400, 'InvalidArgument']);
    });
  });

  /** An upload sent by hand: the form fields and the first half of the file, the rest when asked. */
  async function startSlowUpload(fileName: string, bytes: Buffer) {
    const created = await create(fileName, bytes);
    const boundary = 'sandbox-slow-boundary';
    const head = Object.entries(created.uploadDetails as Record<string, string>)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const length = Buffer.byteLength(head + fileHead + tail) + bytes.length;
    const controls = { finish: () => {}, drop: () => {} };
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(created.uploadUrl, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.write(head + fileHead);
      req.write(bytes.subarray(0, bytes.length / 2));
      controls.finish = () => req.end(Buffer.concat([bytes.subarray(bytes.length / 2), Buffer.from(tail)]));
      controls.drop = () => req.destroy();
    });
    answered.catch(() => {});
    const upload = { created, answered, finish: () => controls.finish(), drop: () => controls.drop() };
    const tmp = join(sandbox.dataDir, 'tmp');
    // Wait (bounded) until the server has started writing the staged file.
    for (let i = 0; i < 100 && readdirSync(tmp).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(readdirSync(tmp)).toHaveLength(1);
    return upload;
  }

  it('keeps nothing half-written when the client drops the connection mid-upload', async () => {
    const upload = await startSlowUpload('crash.pdf', randomBytes(512 * 1024));
    upload.drop();
    const tmp = join(sandbox.dataDir, 'tmp');
    for (let i = 0; i < 100 && readdirSync(tmp).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(readdirSync(tmp)).toEqual([]);
    expect(await sizeOf(upload.created.id)).toBe(0);
    expect((await fetch(upload.created.hostedUrl)).status).toBe(404);
    expect(readdirSync(join(sandbox.dataDir, 'blobs'))).not.toContain(upload.created.id);
  });

  it('answers NoSuchUpload and keeps nothing when the asset is deleted while its file arrives', async () => {
    const upload = await startSlowUpload('raced.pdf', randomBytes(512 * 1024));
    expect((await api.call('DELETE', `/v2/assets/${upload.created.id}`)).status).toBe(204);
    upload.finish();
    const answer = await upload.answered;
    expect([answer.status, xmlCode(answer.text)]).toEqual([404, 'NoSuchUpload']);
    expect(readdirSync(join(sandbox.dataDir, 'tmp'))).toEqual([]);
    expect(readdirSync(join(sandbox.dataDir, 'blobs'))).not.toContain(upload.created.id);
  });
});
