import { createHash } from 'node:crypto';
import { type Contract, getContract, summarizeViolations } from '@assetkit/contract';
import sharp from 'sharp';
import { expect } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js';

/** The contract every response is checked against. */
export const contract = getContract('webflow-assets');

/** A sandbox for tests: a generous rate limit unless the test is about rate limits. */
export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ rateLimitPerMinute: 100_000, ...options });
}

/** An answer of the API, its body parsed when it is JSON. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
  body: any;
}

/** What {@link ApiClient.call} sends. */
export interface CallOptions {
  query?: string;
  /** Serialized as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (no content type unless given in `headers`). */
  raw?: string;
  headers?: Record<string, string>;
  /** `null` sends no Authorization header. */
  token?: string | null;
}

/**
 * Checks a response against the contract in strict mode: every response the sandbox sends to
 * a documented operation must validate (undocumented routes must at least use the error shape).
 */
export function expectConformant(method: string, path: string, response: ApiResponse): void {
  if (!expectMatchesContract(contract, method, path, response)) {
    expect(response.body).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      externalReference: null,
      details: expect.any(Array),
    });
  }
}

/**
 * Checks a response of a routed request against its operation in strict mode (no violation,
 * not even an undocumented property); returns false when the request named no operation.
 */
export function expectMatchesContract(
  api: Contract,
  method: string,
  path: string,
  response: { status: number; headers: Headers; text: string },
): boolean {
  const route = api.router.match(method, path);
  if (route.kind !== 'match') {
    return false;
  }
  const result = api.validateResponse({
    operationId: route.operation.operationId,
    status: response.status,
    headers: response.headers,
    rawBody: response.text,
    strict: true,
    head: method.toUpperCase() === 'HEAD',
  });
  expect(
    result.violations,
    `${method} ${path} → ${response.status}: ${summarizeViolations(result.violations)}`,
  ).toEqual([]);
  return true;
}

/**
 * Sends one request: a JSON body (with its content type), a multipart form or raw text, and the
 * query; answers the status, headers, text and the body parsed when it is JSON. Both test clients
 * (Webflow's and Konifer's) go through it.
 */
export async function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  options: { query?: string; json?: unknown; raw?: string; form?: FormData },
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
): Promise<{ status: number; headers: Headers; text: string; body: any }> {
  let body: string | FormData | undefined = options.raw ?? options.form;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${options.query ? `?${options.query}` : ''}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** A fetch wrapper for the sandbox API that checks every response with {@link expectConformant}. */
export interface ApiClient {
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
}

/**
 * @example
 * const api = apiClient(sandbox);
 * const { status, body } = await api.call('GET', `/v2/sites/${sandbox.siteId}/assets`);
 */
export function apiClient(sandbox: Sandbox, defaults: { token?: string | null; conformant?: boolean } = {}): ApiClient {
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const token =
        options.token === undefined ? (defaults.token === undefined ? sandbox.token : defaults.token) : options.token;
      if (token !== null) {
        headers.authorization = `Bearer ${token}`;
      }
      const response = await send(`${sandbox.url}${path}`, method, headers, options);
      if (defaults.conformant !== false) {
        expectConformant(method, path, response);
      }
      return response;
    },
  };
}

/** MD5 hex of some bytes. */
export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A real PNG of the given size. */
export function makePng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();
}

/** Posts a browser-POST form to `uploadUrl`: every `uploadDetails` field verbatim, then `file`. */
export async function postUpload(
  uploadUrl: string,
  fields: Record<string, string>,
  bytes: Uint8Array,
  fileName = 'file',
): Promise<{ status: number; text: string; headers: Headers }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, value);
  }
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const res = await fetch(uploadUrl, { method: 'POST', body: form });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Creates an asset for `bytes` and uploads them; returns the create response body. */
export async function createAndUpload(
  api: ApiClient,
  siteId: string,
  fileName: string,
  bytes: Uint8Array,
  extra: { parentFolder?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: the create-asset body
): Promise<any> {
  const created = await api.call('POST', `/v2/sites/${siteId}/assets`, {
    json: { fileName, fileHash: md5(bytes), ...extra },
  });
  expect(created.status).toBe(200);
  const upload = await postUpload(created.body.uploadUrl, created.body.uploadDetails, bytes);
  expect(upload.status, upload.text).toBe(201);
  return created.body;
}
