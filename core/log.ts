import { pino } from 'pino';
import { peakRssBytes } from './peak-rss.js';

/**
 * JSON-lines logging (pino), what CloudWatch and Render show. Rules: log ids, stages, counts,
 * durations and memory; never conversation text and never secrets. Known secret-bearing keys
 * are redacted wherever they appear, as a second line of defence.
 */
export type Logger = pino.Logger;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';

const REDACTED_KEYS = [
  'authorization',
  'apiKey',
  'api_key',
  'password',
  'secret',
  'token',
  'serviceRoleKey',
  'databaseUrl',
  'text',
  'content',
];

export interface LoggerOptions {
  /** Which deployable writes: 'job' or 'dispatcher'. */
  service: string;
  level?: LogLevel;
  /** File descriptor to write to: 1 (stdout, the default) or 2 (stderr). */
  fd?: 1 | 2;
}

/** A logger writing synchronously (complete lines, in order, even from a worker thread). */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`)],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: options.fd ?? 1, sync: true }),
  );
}

/** Peak and current memory, in MB, for log lines. */
export function memoryFields(): { rssMb: number; peakRssMb: number; heapUsedMb: number } {
  const usage = process.memoryUsage();
  return {
    rssMb: Math.round(usage.rss / 1024 ** 2),
    peakRssMb: Math.round(peakRssBytes() / 1024 ** 2),
    heapUsedMb: Math.round(usage.heapUsed / 1024 ** 2),
  };
}
