import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  // Found by a new user: the sandbox wrote pino's numbers ("level":30) where the proxy, whose
  // lines share the terminal of the root `pnpm start`, writes names.
  it('writes levels by name, as the proxy does, and redacts Authorization', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line) => lines.push(JSON.parse(line)) } });
    logger.info({ headers: { authorization: 'Bearer secret-token' } }, 'one');
    logger.warn('two');
    logger.debug('three');
    expect(lines.map((line) => [line.level, line.msg, line.service])).toEqual([
      ['info', 'one', 'assetkit-sandbox'],
      ['warn', 'two', 'assetkit-sandbox'],
      ['debug', 'three', 'assetkit-sandbox'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});
