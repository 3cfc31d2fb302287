import { getContract } from '@assetkit/contract';
import sharp from 'sharp';
import type { Sandbox } from '../src/index.js';
import { expectMatchesContract, send } from './helpers.js';

/** The contract every Konifer response is checked against. */
export const koniferContract = getContract('konifer-assets');

/** An answer of the Konifer API, its body parsed when it is JSON. */
export interface KoniferResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
  body: any;
}

/** What {@link KoniferClient.call} sends: a JSON body, a multipart form, or raw text. */
export interface KoniferCall {
  query?: string;
  json?: unknown;
  form?: FormData;
  raw?: string;
  headers?: Record<string, string>;
}

/** A fetch wrapper for the sandbox's `/assets` API that checks every response strictly against the contract. */
export interface KoniferClient {
  call(method: string, path: string, options?: KoniferCall): Promise<KoniferResponse>;
}

/**
 * @example
 * const konifer = koniferClient(sandbox);
 * const { status, body } = await konifer.call('GET', '/assets/users/123/-/metadata');
 */
export function koniferClient(sandbox: Pick<Sandbox, 'url'>): KoniferClient {
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const response = await send(`${sandbox.url}${path}`, method, headers, options);
      expectMatchesContract(koniferContract, method, path, response);
      return response;
    },
  };
}

/** A multipart store form: the `metadata` part (JSON text) and the `asset` part, either left out with `undefined`. */
export function storeForm(metadata: unknown, asset: Uint8Array | undefined, fileName = 'image.png'): FormData {
  const form = new FormData();
  if (metadata !== undefined) {
    form.append('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  }
  if (asset !== undefined) {
    form.append('asset', new Blob([new Uint8Array(asset)]), fileName);
  }
  return form;
}

/** A real image of the given size and format. */
export function makeImage(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png',
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 130, b: 90 } } })
    .toFormat(format)
    .toBuffer();
}
