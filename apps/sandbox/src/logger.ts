import { type Logger, pino } from 'pino';

/**
 * The sandbox's JSON logger (pino). Authorization headers are redacted from log lines (the
 * request log keeps them, on purpose, for tests).
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 */
export function createLogger({ level = 'info' }: { level?: string } = {}): Logger {
  return pino({
    level,
    base: { service: 'assetkit-sandbox' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** A logger that writes nothing (the default of `startSandbox`). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
