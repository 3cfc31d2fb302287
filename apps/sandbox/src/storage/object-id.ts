import { randomBytes } from 'node:crypto';

const processRandom = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

/**
 * A new 24-hex ObjectId, built like MongoDB's (4-byte seconds, 5 random bytes per process,
 * 3-byte counter), so ids are unique within a process, sortable by second and unique across
 * restarts.
 *
 * @example
 * newObjectId(); // '65f0a1b2c3d4e5f6a7b8c9d0'
 */
export function newObjectId(now: number = Date.now()): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(now / 1000) % 0x100000000;
  return seconds.toString(16).padStart(8, '0') + processRandom + counter.toString(16).padStart(6, '0');
}
