import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths that may hold secrets anywhere in a logged object; pino replaces them. */
const REDACT = [
  'credentials',
  '*.credentials',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** `destination` (optional, default stdout) lets tests capture what is logged. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const opts = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(opts, destination) : pino(opts);
}

export type { Logger };
