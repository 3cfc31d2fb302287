import type { Ajv2020 } from 'ajv/dist/2020.js';
import { formats } from './format-table.js';

export { OBJECT_ID } from './format-table.js';

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
 * Registers every format of the format table on an ajv instance. No format is silently
 * ignored: ajv's strict mode makes an unknown format a compile error.
 *
 * @see https://ajv.js.org/packages/ajv-formats.html
 * @example
 * const ajv = new Ajv2020({ strict: true });
 * registerFormats(ajv);
 */
export function registerFormats(ajv: Ajv2020): void {
  for (const [name, format] of Object.entries(formats)) {
    ajv.addFormat(name, format);
  }
}
