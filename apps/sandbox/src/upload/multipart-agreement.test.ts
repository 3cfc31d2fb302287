import { parseMultipart } from '@assetkit/contract';
import busboy from 'busboy';
import { describe, expect, it } from 'vitest';

/**
 * The proxy validates a form with `parseMultipart` and forwards its bytes: whatever it accepts,
 * a server behind must read as the same parts. Busboy (this sandbox's S3 form parser, and the
 * usual one on Node) is that server here: every body below is given to both.
 */

interface Part {
  name: string | undefined;
  fileName: string | undefined;
  data: string;
}

/** The parts busboy emits (file names as sent: `preservePath`), or the error it fails with. */
function busboyParts(body: Buffer, contentType: string): Promise<Part[] | { error: string }> {
  return new Promise((resolve) => {
    const parts: Part[] = [];
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, preservePath: true });
    } catch (error) {
      // A Content-Type it cannot read.
      resolve({ error: (error as Error).message });
      return;
    }
    parser.on('field', (name, value) => parts.push({ name, fileName: undefined, data: value }));
    parser.on('file', (name, stream, info) => {
      const part: Part = { name, fileName: info.filename, data: '' };
      parts.push(part);
      stream.on('data', (chunk: Buffer) => {
        part.data += chunk.toString('utf8');
      });
    });
    parser.on('error', (error: Error) => resolve({ error: error.message }));
    parser.on('close', () => resolve(parts));
    parser.end(body);
  });
}

function ourParts(body: Buffer, contentType: string): Part[] | { error: string } {
  const parts = parseMultipart(body, contentType);
  return Array.isArray(parts)
    ? parts.map((p) => ({ name: p.name, fileName: p.fileName, data: Buffer.from(p.data).toString('utf8') }))
    : parts;
}

const TYPE = 'multipart/form-data; boundary=B';
const field = (disposition: string, value = 'v') => `Content-Disposition: ${disposition}\r\n\r\n${value}`;
const form = (...parts: string[]) => `--B\r\n${parts.join('\r\n--B\r\n')}\r\n--B--\r\n`;

/** Bodies both read, as the same parts. */
const AGREED: [string, string, string?][] = [
  ['a field and a file', form(field('form-data; name="a"'), field('form-data; name="f"; filename="a.png"'))],
  ['a preamble and an epilogue', `ignored\r\n${form(field('form-data; name="a"'))}ignored too`],
  [
    'a delimiter inside a line of the preamble',
    `x--B\r\n${field('form-data; name="hidden"')}\r\n${form(field('form-data; name="a"'))}`,
  ],
  ['a delimiter inside a part', form(field('form-data; name="a"', 'v--B x--B\r\n-B'))],
  ['backslashes in a file name', form(field('form-data; name="f"; filename="C:\\dir\\a.png"'))],
  ['escaped quote and backslash in a name', form(field('form-data; name="a\\"b\\\\c"'))],
  // A browser's empty file input: busboy reads no file name, a field (a file with an octet-stream type).
  ['an empty file name', form(field('form-data; name="a"; filename=""'))],
  [
    'an empty file name of an octet stream',
    form(`Content-Type: application/octet-stream\r\n${field('form-data; name="a"; filename=""')}`),
  ],
  ['a UTF-8 filename*', form(field("form-data; name=f; filename*=UTF-8''na%C3%AFve.png"))],
  ['an ISO-8859-1 filename*', form(field("form-data; name=f; filename*=ISO-8859-1'fr'na%EFve.png"))],
  ['a filename and the same filename*', form(field("form-data; name=f; filename=a.png; filename*=utf-8''a.png"))],
  ['tabs and spaces around parameters', form(field('form-data\t;  name=a ;\tfilename="x y.png"  '))],
  [
    'a part with 16,383 bytes in one header line, as many as busboy reads',
    form(field(`form-data; name="f"; filename="${'a'.repeat(16_383 - 57)}"`)),
  ],
  [
    'a part with 16,381 bytes in two header lines, as many as busboy reads',
    form(`Content-Type: text/plain\r\n${field(`form-data; name="f"; filename="${'a'.repeat(16_381 - 26 - 57)}"`)}`),
  ],
  [
    'an identity Content-Transfer-Encoding',
    form(`Content-Transfer-Encoding: binary\r\n${field('form-data; name="a"')}`),
  ],
  [
    'a quoted boundary',
    form(field('form-data; name="a"')).replaceAll('--B', '--a b'),
    'multipart/form-data; boundary="a b"',
  ],
  [
    'a quoted boundary of all the other characters RFC 2046 allows',
    form(field('form-data; name="a"')).replaceAll('--B', "--'()+_,-./:=?"),
    `multipart/form-data; boundary="'()+_,-./:=?"`,
  ],
];

const DROPPED: Part[] = [];
const FAILS = { error: 'Malformed part header' };
const one = (name: string, fileName?: string): Part[] => [{ name, fileName, data: 'v' }];

/**
 * Bodies the proxy must refuse, with what busboy reads in them: nothing (it drops the part
 * silently, so the part would go unvalidated), an error, or a reading other parsers do not share.
 */
const REFUSED: [string, string, Part[] | { error: string }, string?][] = [
  ['a trailing ";"', form(field('form-data; name="a";')), DROPPED],
  ['an unquoted value that is no token', form(field('form-data; name=a/b')), DROPPED],
  ['a file name ending in a backslash', form(field('form-data; name=f; filename="dir\\"')), DROPPED],
  ['a filename* in another charset', form(field("form-data; name=f; filename*=x-foo''a")), DROPPED],
  ['padding after a delimiter', form(field('form-data; name="a"')).replace('--B\r\n', '--B \r\n'), DROPPED],
  ['a space before a colon', form(field('form-data; name="a"').replace(':', ' :')), FAILS],
  ['a header line without a colon', form(`X-Note\r\n${field('form-data; name="a"')}`), FAILS],
  [
    'a part with 16,384 bytes in one header line',
    form(field(`form-data; name="f"; filename="${'a'.repeat(16_384 - 57)}"`)),
    FAILS,
  ],
  [
    'a part with 16,382 bytes in two header lines',
    form(`Content-Type: text/plain\r\n${field(`form-data; name="f"; filename="${'a'.repeat(16_382 - 26 - 57)}"`)}`),
    FAILS,
  ],
  // RFC 7578 §4.8 allows no other part header; Ktor reads Content-Length bytes as the part and
  // what follows them as parts of their own.
  ['a part Content-Length', form(`Content-Length: 1\r\n${field('form-data; name="a"')}`), one('a')],
  ['a part header of its own', form(`X-Note: 1\r\n${field('form-data; name="a"')}`), one('a')],
  // RFC 9110 readers take "meta" from "me\ta"; RFC 5987 readers take name*; RFC 7578 readers filename.
  ['a name with a lone backslash', form(field('form-data; name="me\\ta"')), one('me\\ta')],
  ['a name*', form(field("form-data; name=a; name*=UTF-8''b")), one('a')],
  [
    'an empty name (busboy reads none)',
    form(field('form-data; name=""')),
    [{ name: undefined, fileName: undefined, data: 'v' }],
  ],
  [
    'a filename and another filename*',
    form(field("form-data; name=f; filename=a.png; filename*=UTF-8''b.png")),
    one('f', 'b.png'),
  ],
  ['a filename* that is not UTF-8', form(field("form-data; name=f; filename*=UTF-8''%FF")), one('f', '\uFFFD')],
  // Parsers differ on these: a folded line may start a header of its own; the last one may count.
  ['a folded header line', form(field('form-data;').replace('\r\n\r\n', '\r\n name="a"\r\n\r\n')), one('a')],
  [
    'Content-Disposition twice',
    form(`Content-Disposition: form-data; name="b"\r\n${field('form-data; name="a"')}`),
    one('b'),
  ],
  // Ktor reads "B" and "B\t". Node hands a header over one character per byte, "é" as "Ã©",
  // which busboy (and this reader, before) looked for as UTF-8; Go looks for the bytes sent.
  [
    'an unquoted boundary with a comma',
    form(field('form-data; name="a"')).replaceAll('--B', '--B,x'),
    { error: 'Malformed content type' },
    'multipart/form-data; boundary=B,x',
  ],
  [
    'a tab after an unquoted boundary',
    form(field('form-data; name="a"')),
    one('a'),
    'multipart/form-data; boundary=B\t;x=1',
  ],
  [
    'a boundary that is not ASCII',
    form(field('form-data; name="a"')).replaceAll('--B', '--\xc3\x83\xc2\xa9'),
    one('a'),
    'multipart/form-data; boundary="\xc3\xa9"',
  ],
  [
    'a boundary with a lone backslash (RFC 9110 readers find no "ab")',
    form(field('form-data; name="a"')).replaceAll('--B', '--a\\b'),
    one('a'),
    'multipart/form-data; boundary="a\\b"',
  ],
];

describe('parseMultipart and busboy read the same parts', () => {
  it.each(AGREED)('%s', async (_name, text, contentType = TYPE) => {
    const body = Buffer.from(text, 'latin1');
    const ours = ourParts(body, contentType);
    expect(Array.isArray(ours) && ours.length).toBeGreaterThan(0);
    expect(await busboyParts(body, contentType)).toEqual(ours);
  });

  it.each(REFUSED)('refuses %s', async (_name, text, busboyReads, contentType = TYPE) => {
    const body = Buffer.from(text, 'latin1');
    expect(ourParts(body, contentType)).toEqual({ error: expect.any(String) });
    expect(await busboyParts(body, contentType)).toEqual(busboyReads);
  });
});
