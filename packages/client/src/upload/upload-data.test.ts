import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readUploadData, type UploadData } from './upload-data.js';

const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);

describe('readUploadData', () => {
  it.each<[string, () => UploadData]>([
    ['a Uint8Array', () => bytes],
    ['a Node Buffer', () => Buffer.from(bytes)],
    ['a Uint8Array view into a larger buffer', () => new Uint8Array([0, ...bytes, 0]).subarray(1, bytes.length + 1)],
    ['an ArrayBuffer', () => bytes.slice().buffer],
    ['a Blob', () => new Blob([bytes], { type: 'image/png' })],
    ['a web ReadableStream', () => new Blob([bytes]).stream()],
    [
      'a Node readable of Buffers',
      () => Readable.from([Buffer.from(bytes.subarray(0, 4)), Buffer.from(bytes.subarray(4))]),
    ],
  ])('reads %s', async (_name, make) => {
    expect(Array.from(await readUploadData(make()))).toEqual(Array.from(bytes));
  });

  it('encodes the string chunks of a Node readable with an encoding set as UTF-8', async () => {
    const stream = Readable.from(['héllo', ' world'], { objectMode: true });
    expect(new TextDecoder().decode(await readUploadData(stream))).toBe('héllo world');
  });

  it('rejects with the stream error of a failing Node readable', async () => {
    const stream = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(readUploadData(stream)).rejects.toThrow('disk on fire');
  });

  it.each([
    ['a string', 'not bytes'],
    ['a plain object', { length: 3 }],
    ['null', null],
  ])('refuses %s with a TypeError naming what it accepts', async (_name, given) => {
    await expect(readUploadData(given as unknown as UploadData)).rejects.toThrow(/Uint8Array, ArrayBuffer, Blob/);
  });
});
