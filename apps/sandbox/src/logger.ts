import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * The sandbox's JSON logger (pino). Authorization headers are redacted from log lines (the
 * request log keeps them, on purpose, for tests). Levels are written by name (`"level":"info"`),
 * as the proxy writes them: under the root `pnpm start` both log to one terminal, and a log
 * shipper reads one shape.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 */
export function createLogger({
  level = 'info',
  destination,
}: {
  level?: string;
  /** Where lines go: standard output unless given (tests capture them). */
  destination?: DestinationStream;
} = {}): Logger {
  const options = {
    level,
    base: { service: 'assetkit-sandbox' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (the default of `startSandbox`). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
