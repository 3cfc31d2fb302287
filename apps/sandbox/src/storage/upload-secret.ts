import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The HMAC key that signs upload policies: the configured one, or one generated on first start
 * and kept in the data directory, so `uploadDetails` handed out before a restart still verify
 * after it.
 *
 * @example
 * const secret = loadUploadSecret(dataDir, config.uploadSecret);
 */
export function loadUploadSecret(dataDir: string, configured: string | undefined): string {
  if (configured !== undefined) {
    return configured;
  }
  const file = join(dataDir, 'upload-secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) {
      return stored;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const secret = randomBytes(32).toString('hex');
  // `wx` so two processes starting at once cannot both write; the loser reads the winner's.
  try {
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return readFileSync(file, 'utf8').trim();
    }
    throw error;
  }
}
