import type { Format } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isDateTime, isUri } from './rfc3339-uri.js';

/** A 24-character hexadecimal ObjectId, as Webflow uses for every id. */
export const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** `type/subtype` with optional parameters (RFC 6838 token characters). */
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;.*)?$/;

/**
 * Every format a schema may name, in one table: ajv-formats' full set, with `date-time` and
 * `uri` replaced by equally strict, faster checks (see rfc3339-uri.ts), plus assetkit's
 * `objectid` and `mime-type` and OpenAPI's numeric formats. Both ajv at run time and the
 * ahead-of-time validators (`src/generated/*.validators.*.ts`, which import this module's default
 * export) use exactly these.
 */
export const formats: Readonly<Record<string, Format>> = {
  ...fullFormats,
  'date-time': { type: 'string', validate: isDateTime },
  uri: { type: 'string', validate: isUri },
  objectid: OBJECT_ID,
  'mime-type': MIME_TYPE,
  // Two's-complement ranges: int32 is -2^31 … 2^31 − 1. A double cannot hold 2^63 − 1 (it rounds
  // up to 2^63), so int64's upper bound is the first double past the range.
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63 },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  binary: true,
  byte: /^[A-Za-z0-9+/]*={0,2}$/,
  password: true,
};

// The ahead-of-time validators read the table as `<default export>.formats`.
export default { formats };
