import { type Logger, pino } from 'pino';

/** What stands in for a credential: in a log line, and in an upstream answer that echoed one. */
export const REDACTED = '[redacted]';

/**
 * Paths pino replaces with {@link REDACTED}, whatever else is logged: credentials must never reach
 * a log line, even by accident (a logged request, an error's cause).
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'upstreamToken',
  'config.upstream.token',
];

/**
 * The proxy's JSON logger (pino), with credential redaction.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.info({ reqId, operation: 'get-asset', status: 200, latencyMs: 3.2 }, 'request');
 */
export function createLogger({
  level = 'info',
  destination,
}: {
  level?: string;
  destination?: pino.DestinationStream;
} = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'assetkit-proxy' },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
