import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIN_LENGTH = 16;

/** The stored secret, or `undefined` when there is no file yet. */
function readStored(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * The HMAC key that signs upload policies: the configured one, or one generated on first start
 * and kept in the data directory, so `uploadDetails` handed out before a restart still verify
 * after it. The file appears whole or not at all (written aside, then linked into place), and one
 * that holds no usable key (empty, shorter than 16 characters) is replaced, never used: an empty
 * key would let anyone sign upload policies.
 *
 * @example
 * const secret = loadUploadSecret(dataDir, config.uploadSecret);
 */
export function loadUploadSecret(dataDir: string, configured: string | undefined): string {
  if (configured !== undefined) {
    return configured;
  }
  const file = join(dataDir, 'upload-secret');
  const stored = readStored(file);
  if (stored !== undefined && stored.length >= MIN_LENGTH) {
    return stored;
  }
  const secret = randomBytes(32).toString('hex');
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${secret}\n`, { mode: 0o600 });
  try {
    if (stored !== undefined) {
      renameSync(aside, file);
      return secret;
    }
    try {
      // A link fails if the name exists: of two processes starting at once, one wins, whole.
      linkSync(aside, file);
      return secret;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const winner = readStored(file) ?? '';
    if (winner.length < MIN_LENGTH) {
      throw new Error(`${file} holds no usable upload secret (16+ characters): remove it, or set UPLOAD_SECRET`);
    }
    return winner;
  } finally {
    rmSync(aside, { force: true });
  }
}
