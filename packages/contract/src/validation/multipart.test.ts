import { describe, expect, it } from 'vitest';
import { getContract } from '../contract.js';
import { boundaryOf, formValue, parseMultipart } from './multipart.js';

/** A real multipart body and its Content-Type, as fetch encodes a FormData. */
async function encode(form: FormData): Promise<{ rawBody: Uint8Array; contentType: string }> {
  const request = new Request('http://assetkit.test/', { method: 'POST', body: form });
  return {
    rawBody: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x80]);

function storeForm(metadata: string | undefined, asset = true): FormData {
  const form = new FormData();
  if (metadata !== undefined) {
    form.append('metadata', metadata);
  }
  if (asset) {
    form.append('asset', new Blob([PNG_BYTES], { type: 'image/png' }), 'a.png');
  }
  return form;
}

describe('parseMultipart', () => {
  it('splits a body into named parts with their file names, types and exact bytes', async () => {
    const { rawBody, contentType } = await encode(storeForm('{"alt":"x"}'));
    const parts = parseMultipart(rawBody, contentType);
    expect(Array.isArray(parts) && parts.map((p) => [p.name, p.fileName, p.contentType])).toEqual([
      ['metadata', undefined, undefined],
      ['asset', 'a.png', 'image/png'],
    ]);
    expect(Array.isArray(parts) && [...(parts[1]?.data ?? [])]).toEqual([...PNG_BYTES]);
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--x\r\n', /no boundary/],
    ['a boundary that never occurs', 'multipart/form-data; boundary=abc', 'hello', /does not start a line/],
    [
      'no closing boundary',
      'multipart/form-data; boundary=abc',
      '--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
      /ends before/,
    ],
    [
      'a part without a name',
      'multipart/form-data; boundary=abc',
      '--abc\r\nContent-Type: text/plain\r\n\r\n1\r\n--abc--',
      /no Content-Disposition/,
    ],
  ])('says why a body with %s is not multipart', (_name, contentType, body, why) => {
    const result = parseMultipart(new TextEncoder().encode(body), contentType);
    expect(result).toEqual({ error: expect.stringMatching(why) });
  });

  // Found in review: the first "; boundary=" anywhere was taken, also inside another parameter's
  // quoted value, where standard parsers (busboy) read the real one, so a validator and the
  // server behind it read two different bodies. The same for a part's name and filename.
  it('reads parameters in order, so text inside a quoted value is never a parameter', () => {
    expect(boundaryOf('multipart/form-data; x="; boundary=evil"; boundary=real')).toBe('real');
    const body =
      '--real\r\nContent-Disposition: form-data; filename="x; name=metadata; y"; name="other"\r\n\r\nv\r\n--real--\r\n';
    const parts = parseMultipart(
      new TextEncoder().encode(body),
      'multipart/form-data; x="; boundary=evil"; boundary=real',
    );
    expect(Array.isArray(parts) && parts.map((p) => [p.name, p.fileName])).toEqual([['other', 'x; name=metadata; y']]);
  });

  it.each([
    ['multipart/form-data; boundary=a; boundary=b', /names the parameter boundary twice/],
    ['multipart/form-data; boundary="a', /not name=value|no readable value/],
    ['multipart/form-data; boundary=a b', /should separate parameters/],
    [`multipart/form-data; boundary=${'x'.repeat(71)}`, /1 to 70 characters/],
    // Found in a fourth review: Ktor reads the first two as "B" and "B\t"; Go reads "é" as two
    // bytes where busboy reads one UTF-8 character.
    ['multipart/form-data; boundary=B,x', /not a token: "B,x" \(quote it: boundary="…"\)/],
    ['multipart/form-data; boundary=B\t;charset=utf-8', /a tab among its parameters/],
    ['multipart/form-data; boundary="Ã©"', /the boundary "Ã©" has characters a boundary may not have \(RFC 2046/],
    ['multipart/form-data; boundary="a "', /the boundary "a " has characters a boundary may not have/],
    ['multipart/form-data; boundary="a<b"', /the boundary "a<b" has characters/],
  ])('refuses the ambiguous or broken Content-Type %s', (contentType, why) => {
    expect(parseMultipart(new TextEncoder().encode('--a\r\n'), contentType)).toEqual({
      error: expect.stringMatching(why),
    });
  });

  it('refuses a part whose Content-Disposition names a parameter twice', () => {
    const body = '--a\r\nContent-Disposition: form-data; name="metadata"; name="asset"\r\n\r\nv\r\n--a--\r\n';
    expect(parseMultipart(new TextEncoder().encode(body), 'multipart/form-data; boundary=a')).toEqual({
      error: expect.stringMatching(/Content-Disposition names the parameter name twice/),
    });
  });

  // Found in a third review: a "--boundary" inside a line was taken as a delimiter, where busboy
  // (and RFC 2046) only take one at the start of a line, so the parts read here were not the
  // ones the server behind reads.
  it('takes a delimiter only at the start of a line, and ignores a preamble', () => {
    const read = (body: string) => parseMultipart(new TextEncoder().encode(body), 'multipart/form-data; boundary=B');
    const names = (body: string) => {
      const parts = read(body);
      return Array.isArray(parts) ? parts.map((p) => p.name) : parts;
    };
    const part = (name: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\nv`;
    expect(names(`--B\r\n${part('a')}\r\n--B--\r\n`)).toEqual(['a']);
    expect(names(`preamble --B\r\n${part('hidden')}\r\n--B\r\n${part('a')}\r\n--B--`)).toEqual(['a']);
    expect(names(`x--B\r\n${part('hidden')}\r\n--B--\r\n`)).toEqual([]);
    expect(read(`x--B\r\n${part('hidden')}--B--\r\n`)).toEqual({
      error: expect.stringMatching(/boundary "B" does not start a line/),
    });
    // Inside a part too: "v--B" is data, not the end of the part.
    const inside = read(`--B\r\n${part('a')}--B\r\n\r\n--B--`);
    expect(Array.isArray(inside) && new TextDecoder().decode(inside[0]?.data)).toBe('v--B\r\n');
  });

  // Found in a fourth review: 22,291 parts of one name (1 MiB) took 11 seconds to read.
  it('reads up to 1000 parts, and refuses a body of more', () => {
    const many = (count: number) =>
      parseMultipart(
        new TextEncoder().encode(`${'--B\r\nContent-Disposition:form-data;name=x\r\n\r\n\r\n'.repeat(count)}--B--`),
        'multipart/form-data; boundary=B',
      );
    expect(many(1000)).toHaveLength(1000);
    expect(many(1001)).toEqual({ error: 'the body has more than 1000 parts' });
  });

  it('reads a part with as many header bytes as busboy reads, and an identity Content-Transfer-Encoding', () => {
    const read = (headers: string) =>
      parseMultipart(
        new TextEncoder().encode(`--B\r\n${headers}\r\n\r\nv\r\n--B--`),
        'multipart/form-data; boundary=B',
      );
    // `size` bytes from the first header byte through the LF of the empty line.
    const headers = (size: number, before = '') => {
      const prefix = `${before}Content-Disposition: form-data; name="f"; filename="`;
      return `${prefix}${'a'.repeat(size - prefix.length - 5)}"`;
    };
    expect(read(headers(16_383))).toHaveLength(1);
    expect(read(headers(16_384))).toEqual({ error: expect.stringMatching(/^part 1 has 16384 bytes of headers, more/) });
    expect(read(headers(16_381, 'Content-Type: text/plain\r\n'))).toHaveLength(1);
    expect(read(headers(16_382, 'Content-Type: text/plain\r\n'))).toEqual({
      error: expect.stringMatching(/^part 1 has 16382 bytes of headers, more than busboy reads/),
    });
    const encoded = read('Content-Disposition: form-data; name=f\r\nContent-Transfer-Encoding: BINARY');
    expect(Array.isArray(encoded) && encoded.map((p) => p.name)).toEqual(['f']);
  });

  it('reads quoted boundaries and quoted names with escapes', () => {
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/form-data; boundary="\'()+_,-./:=? x"')).toBe("'()+_,-./:=? x");
    const body = '--a b\r\nContent-Disposition: form-data; name="x\\"y"\r\n\r\nv\r\n--a b--\r\n';
    const parts = parseMultipart(new TextEncoder().encode(body), 'multipart/form-data; boundary="a b"');
    expect(Array.isArray(parts) && parts[0]?.name).toBe('x"y');
  });
});

describe('parseMultipart file names', () => {
  const fileNameOf = (disposition: string) => {
    const body = `--B\r\nContent-Disposition: ${disposition}\r\n\r\nv\r\n--B--\r\n`;
    const parts = parseMultipart(new TextEncoder().encode(body), 'multipart/form-data; boundary=B');
    return Array.isArray(parts) ? parts.map((p) => [p.name, p.fileName]) : parts;
  };

  // Found in a third review: both were read otherwise than busboy reads them.
  it("reads a browser's backslashes as sent, and filename* as busboy does", () => {
    expect(fileNameOf('form-data; name="asset"; filename="C:\\dir\\a.png"')).toEqual([['asset', 'C:\\dir\\a.png']]);
    expect(fileNameOf("form-data; name=asset; filename*=UTF-8''na%C3%AFve.png")).toEqual([['asset', 'naïve.png']]);
  });

  it('says which part has a Content-Disposition that cannot be read', () => {
    expect(fileNameOf("form-data; name=asset; filename*=UTF-8''%C3")).toEqual({
      error: "part 1's Content-Disposition gives filename* with bytes that are not UTF-8",
    });
    expect(fileNameOf('form-data; name="asset"; filename="dir\\"')).toEqual({
      error: expect.stringMatching(/^part 1's Content-Disposition has no closing quote for filename/),
    });
  });
});

describe('formValue', () => {
  it('parses JSON parts by the encoding, keeps files as one character per byte, and collects repeats', async () => {
    const form = storeForm('{"tags":["a"]}');
    form.append('note', 'one');
    form.append('note', 'two');
    const { rawBody, contentType } = await encode(form);
    const parts = parseMultipart(rawBody, contentType);
    const result = Array.isArray(parts) && formValue(parts, { metadata: { contentType: 'application/json' } });
    expect(result).toEqual({
      value: { metadata: { tags: ['a'] }, asset: String.fromCharCode(...PNG_BYTES), note: ['one', 'two'] },
    });
  });

  it('collects every repeat of a name, in order', () => {
    const parts = Array.from({ length: 1000 }, (_, i) => ({
      name: i % 2 ? 'odd' : 'even',
      fileName: undefined,
      contentType: undefined,
      data: new TextEncoder().encode(String(i)),
    }));
    const result = formValue(parts);
    expect('value' in result && result.value.even).toEqual(Array.from({ length: 500 }, (_, i) => String(2 * i)));
    expect('value' in result && (result.value.odd as string[]).at(-1)).toBe('999');
  });
});

describe('validateRequest with a multipart/form-data body (Konifer store-asset)', () => {
  const contract = getContract('konifer-assets');
  const validate = async (form: FormData) => {
    const { rawBody, contentType } = await encode(form);
    return contract.validateRequest({
      method: 'POST',
      path: '/assets/users/123',
      headers: { 'content-type': contentType },
      rawBody,
    }).violations;
  };

  it('accepts a metadata part and an asset part', async () => {
    expect(await validate(storeForm('{"alt":"Profile","labels":{"a":"b"},"tags":["t"]}'))).toEqual([]);
    expect(await validate(storeForm('{}'))).toEqual([]);
  });

  // A browser sends an empty file input as `filename=""`, which busboy reads as no file name.
  it('reads an asset with an empty file name as its bytes, as the encoding says (image/*)', () => {
    const asset = 'Content-Disposition: form-data; name="asset"; filename=""\r\nContent-Type: application/octet-stream';
    const body = `--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{}\r\n--B\r\n${asset}\r\n\r\n\xff\r\n--B--\r\n`;
    const parts = parseMultipart(Buffer.from(body, 'latin1'), 'multipart/form-data; boundary=B');
    expect(Array.isArray(parts) && parts.map((p) => [p.name, p.fileName])).toEqual([
      ['metadata', undefined],
      ['asset', undefined],
    ]);
    const read = contract.validateRequest({
      method: 'POST',
      path: '/assets/users/123',
      headers: { 'content-type': 'multipart/form-data; boundary=B' },
      rawBody: Buffer.from(body, 'latin1'),
    });
    expect(read.violations).toEqual([]);
  });

  it('validates the JSON metadata part against its schema, pointing into the part', async () => {
    const violations = await validate(storeForm(JSON.stringify({ alt: 'a'.repeat(126), tags: ['x'.repeat(257)] })));
    expect(violations).toMatchObject([
      { location: 'body', pointer: '/metadata/alt', keyword: 'maxLength' },
      { location: 'body', pointer: '/metadata/tags/0', keyword: 'maxLength' },
    ]);
  });

  it.each([
    ['a metadata part that is not JSON', storeForm('{alt'), { pointer: '/metadata', keyword: 'json' }],
    ['no metadata part', storeForm(undefined), { pointer: '/metadata', keyword: 'required' }],
    ['no asset part', storeForm('{}', false), { pointer: '/asset', keyword: 'required' }],
    [
      'an unknown metadata field',
      storeForm('{"colour":"red"}'),
      { pointer: '/metadata/colour', keyword: 'additionalProperties' },
    ],
  ])('reports %s', async (_name, form, want) => {
    expect(await validate(form)).toMatchObject([{ location: 'body', ...want }]);
  });

  // Found in review: a JSON part skipped the checks a JSON body gets.
  it.each([
    ['names a property twice', '{"alt":"x","alt":"y"}', '/metadata/alt', /already has/],
    ['escapes half a surrogate pair', '{"alt":"\\ud800"}', '/metadata/alt', /surrogate/],
  ])('refuses a JSON part that %s, pointing into the part', async (_name, metadata, pointer, why) => {
    expect(await validate(storeForm(metadata))).toMatchObject([
      { location: 'body', pointer, keyword: 'json', message: expect.stringMatching(why) },
    ]);
  });

  // Found in a second review: each of these was read one way here and another by busboy.
  it.each([
    [
      'a Content-Disposition given twice',
      'Content-Disposition: form-data; name="ignored"\r\n',
      /Content-Disposition twice/,
    ],
    ['a Content-Type given twice', 'Content-Type: text/plain\r\n', /Content-Type twice/],
    ['a folded header line', ' Content-Disposition: form-data; name="zzz"\r\n', /folded/],
    // Found in a third review: busboy fails the body on each of these, which were read here.
    [
      'a space before the colon',
      'Content-Disposition : form-data; name="x"\r\n',
      /\(part 1, header line 3: not "Name: value"/,
    ],
    ['a header line without a colon', 'X-Note\r\n', /\(part 1, header line 3: not "Name: value".*: "X-Note"\)$/],
    ['a header line without a name', ': x\r\n', /\(part 1, header line 3: not "Name: value"/],
    ['a bare line feed in a header', 'X-Note: a\nContent-Type: text/plain\r\n', /\(part 1, header line 3: not/],
    ['a control character in a header', 'X-Note: a\u0000b\r\n', /\(part 1, header line 3: not/],
    // Found in a fourth review: busboy fails the body on these; Ktor reads Content-Length bytes
    // as the part, and what follows as parts of their own.
    [
      'more header bytes than parsers read',
      'X-Note: a\r\n'.repeat(2000),
      /\(part 1 has 22\d{3} bytes of headers, more than busboy reads \(16384, counting/,
    ],
    ['a Content-Length', 'Content-Length: 2\r\n', /\(part 1 has a Content-Length header; a form part may only have/],
    ['a header of its own', 'X-Note: a\r\n', /\(part 1 has a X-Note header;/],
    [
      'a quoted-printable Content-Transfer-Encoding',
      'Content-Transfer-Encoding: quoted-printable\r\n',
      /\(part 1 has Content-Transfer-Encoding "quoted-printable", which some parsers decode/,
    ],
    [
      'a Content-Transfer-Encoding given twice',
      'Content-Transfer-Encoding: binary\r\nContent-Transfer-Encoding: binary\r\n',
      /Content-Transfer-Encoding twice/,
    ],
  ])('refuses a part with %s', (_name, extra, why) => {
    const body = `--B\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n${extra}\r\n{}\r\n--B--\r\n`;
    const result = contract.validateRequest({
      method: 'POST',
      path: '/assets/users/123',
      headers: { 'content-type': 'multipart/form-data; boundary=B' },
      rawBody: body,
    });
    expect(result.violations).toMatchObject([
      { location: 'body', keyword: 'multipart', message: expect.stringMatching(why) },
    ]);
  });

  it.each([
    [
      'labelled with another charset',
      'application/json; charset=iso-8859-1',
      '{"alt":"x"}',
      /charset iso-8859-1 is not accepted/,
    ],
    ['starting with a byte order mark', 'application/json', '\uFEFF{"alt":"x"}', /is not valid JSON/],
  ])('refuses a JSON part %s', async (_name, type, text, why) => {
    const form = new FormData();
    form.append('metadata', new Blob([text], { type }));
    form.append('asset', new Blob([PNG_BYTES], { type: 'image/png' }), 'a.png');
    expect(await validate(form)).toMatchObject([
      { location: 'body', pointer: '/metadata', message: expect.stringMatching(why) },
    ]);
  });

  it('reports a body that is not multipart at all', () => {
    const result = contract.validateRequest({
      method: 'POST',
      path: '/assets/users/123',
      headers: { 'content-type': 'multipart/form-data' },
      rawBody: 'metadata={}',
    });
    expect(result.violations).toMatchObject([{ location: 'body', pointer: '', keyword: 'multipart' }]);
  });
});
