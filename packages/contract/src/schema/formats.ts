import type { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { isDateTime, isUri } from './rfc3339-uri.js';

// ajv-formats is CommonJS: under NodeNext its callable is the module's `default` property.
const addFormats = formatsPlugin as unknown as typeof formatsPlugin.default;

/** A 24-character hexadecimal ObjectId, as Webflow uses for every id. */
export const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** `type/subtype` with optional parameters (RFC 6838 token characters). */
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;.*)?$/;

/** Plain-English names of the formats a violation message can mention. */
export const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  objectid: 'a 24-character hexadecimal ObjectId',
  'mime-type': 'a MIME type such as image/png',
  'date-time': 'an RFC 3339 date-time such as 2023-02-09T23:58:22.294Z',
  date: 'an RFC 3339 date such as 2023-02-09',
  time: 'an RFC 3339 time',
  uri: 'an absolute URI',
  'uri-reference': 'a URI reference',
  email: 'an email address',
  uuid: 'a UUID',
  hostname: 'a hostname',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
};

/**
 * Registers the standard formats (ajv-formats, full mode) plus assetkit's `objectid` and
 * `mime-type`, and OpenAPI's numeric formats, on an ajv instance. No format is silently ignored:
 * ajv's strict mode makes an unknown format a compile error.
 *
 * @see https://ajv.js.org/packages/ajv-formats.html
 * @example
 * const ajv = new Ajv2020({ strict: true });
 * registerFormats(ajv);
 */
export function registerFormats(ajv: Ajv2020): void {
  addFormats(ajv, { mode: 'full', keywords: false });
  // Same verdicts as ajv-formats' full mode, several times faster (see rfc3339-uri.ts).
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('uri', { type: 'string', validate: isUri });
  ajv.addFormat('objectid', OBJECT_ID);
  ajv.addFormat('mime-type', MIME_TYPE);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('binary', true);
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('password', true);
}
