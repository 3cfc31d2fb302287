import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KONIFER_KEY, koniferEnv, type Stack, startStack } from '../test/harness.js';

const STORE = '/assets/users/123';
const PNG = '\x89PNG\r\n\x1a\n';

/** A part of a store form: its header lines, then its content. */
const part = (headers: string, content: string) => `${headers}\r\n\r\n${content}`;
const METADATA = part('Content-Disposition: form-data; name="metadata"\r\nContent-Type: application/json', '{}');
const ASSET = part('Content-Disposition: form-data; name="asset"; filename="a.png"\r\nContent-Type: image/png', PNG);
const INVALID_METADATA = part('Content-Disposition: form-data; name="metadata"', '{"colour":"red"}');

/** A store form of these parts: a delimiter line before each, the closing one after. */
const form = (...parts: string[]) => `--B\r\n${parts.join('\r\n--B\r\n')}\r\n--B--\r\n`;

/**
 * Store requests whose bytes the proxy must refuse: each would let a part past unvalidated (or
 * take the proxy long to read). The Content-Type is `multipart/form-data; boundary=B` unless given.
 */
const REFUSED: [string, string, RegExp, string?][] = [
  [
    'a metadata part after a delimiter inside a line (preamble to busboy and RFC 2046: no metadata)',
    `x--B\r\n${METADATA}\r\n--B\r\n${ASSET}\r\n--B--\r\n`,
    /required property "metadata" is missing/,
  ],
  [
    'a part header with a space before its colon (busboy fails the body on it)',
    `--B\r\n${METADATA.replace('Content-Disposition:', 'Content-Disposition :')}\r\n--B\r\n${ASSET}\r\n--B--\r\n`,
    /part 1, header line 1: not "Name: value"/,
  ],
  [
    'a metadata part whose Content-Disposition ends in ";" (busboy drops that part)',
    `--B\r\n${METADATA.replace('name="metadata"', 'name="metadata";')}\r\n--B\r\n${ASSET}\r\n--B--\r\n`,
    /part 1's Content-Disposition has an empty parameter/,
  ],
  [
    'an asset whose filename* is not UTF-8 (busboy would make it U+FFFD)',
    `--B\r\n${METADATA}\r\n--B\r\n${ASSET.replace('filename="a.png"', "filename*=UTF-8''%FF.png")}\r\n--B--\r\n`,
    /part 2's Content-Disposition gives filename\* with bytes that are not UTF-8/,
  ],
  [
    // Found in a fourth review: Ktor reads Content-Length bytes as the asset (here the metadata
    // this reader sees too), then the invalid metadata after them as a part of its own, where
    // this reader saw the content of a part named x.
    'an asset part with a Content-Length header (Ktor reads what follows it as new parts)',
    (() => {
      const hidden = `${PNG}\r\n--B\r\n${METADATA}\r\n--B\r\nContent-Disposition: form-data; name="x"\r\n\r\n`;
      const asset = ASSET.replace('\r\n\r\n', `\r\nContent-Length: ${hidden.length}\r\n\r\n`).replace(PNG, hidden);
      return `--B\r\n${asset}\r\n${INVALID_METADATA}\r\n--B--\r\n`;
    })(),
    /part 1 has a Content-Length header; a form part may only have Content-Disposition, Content-Type/,
  ],
  [
    'a part with more than 16 KiB of headers (busboy fails the body)',
    form(`X-Pad: ${'p'.repeat(17_000)}\r\n${METADATA}`, ASSET),
    /part 1 has 17\d{3} bytes of headers, more than busboy reads/,
  ],
  [
    // Found in a fourth review: Ktor reads the boundary as "B", and the form after the first
    // closing delimiter (this reader's epilogue) as the parts: an invalid metadata part.
    'an unquoted boundary with a comma (Ktor reads the boundary before it)',
    `${form(METADATA, ASSET)}${form(INVALID_METADATA, ASSET).replaceAll('--B', '--B,x')}`,
    /the Content-Type has an unquoted value for boundary that is not a token: "B,x" \(quote it/,
    'multipart/form-data; boundary=B,x',
  ],
  [
    // And here "B\t": the parts after the form this reader sees.
    'a tab after an unquoted boundary (Ktor keeps it in the boundary)',
    `${form(METADATA, ASSET)}${form(INVALID_METADATA, ASSET).replaceAll('--B', '--B\t')}`,
    /the Content-Type has a tab among its parameters/,
    'multipart/form-data; boundary=B\t;charset=utf-8',
  ],
  [
    // UTF-8 "é" as Node hands a header over, one character per byte: "Ã©", looked for as UTF-8
    // (4 bytes) by busboy and this reader before, as the 2 bytes sent by Go.
    'a boundary that is not ASCII',
    form(METADATA, ASSET).replaceAll('--B', '--\xc3\x83\xc2\xa9'),
    /the boundary "Ã©" has characters a boundary may not have/,
    'multipart/form-data; boundary="\xc3\xa9"',
  ],
  [
    // Found in a fourth review: 1 MiB of parts named x took the proxy 11 seconds to read.
    '22,291 parts of one name before a store form (more parts than servers read)',
    `${'--B\r\nContent-Disposition:form-data;name=x\r\n\r\n\r\n'.repeat(22_291)}${form(METADATA, ASSET)}`,
    /\(the body has more than 1000 parts\)/,
  ],
];

describe('multipart/form-data bodies through the proxy (Konifer store)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(koniferEnv());
  });
  afterAll(() => stack.close());

  const store = (body: string, contentType = 'multipart/form-data; boundary=B') =>
    stack.call(STORE, {
      key: KONIFER_KEY,
      method: 'POST',
      headers: { 'content-type': contentType },
      body: Buffer.from(body, 'latin1'),
    });

  it('forwards a well-formed store form to the sandbox, which stores it', async () => {
    stack.sandbox.requests.clear();
    const response = await store(`--B\r\n${METADATA}\r\n--B\r\n${ASSET}\r\n--B--\r\n`);
    // The sandbox got it: a PNG header alone is no image it can store, and it says so.
    expect(stack.sandbox.requests.entries().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${STORE}`]);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/image/i) });
  });

  it.each(REFUSED)('refuses %s with a 400, forwarding nothing', async (_name, body, why, contentType) => {
    stack.sandbox.requests.clear();
    const response = await store(body, contentType);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.stringMatching(why) });
    expect(stack.sandbox.requests.entries()).toEqual([]);
  });

  it('still validates the parts it reads', async () => {
    stack.sandbox.requests.clear();
    const response = await store(`--B\r\n${INVALID_METADATA}\r\n--B\r\n${ASSET}\r\n--B--\r\n`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/colour/) });
    expect(stack.sandbox.requests.entries()).toEqual([]);
  });
});
