import path from 'node:path';
import { z } from 'zod';
import { type DatabaseConfig, loadDatabaseConfig } from '../core/db/index.js';
import { type Env, parseEnv, positiveIntEnv } from '../core/env.js';
import { AppError } from '../core/errors.js';
import type { LogLevel } from '../core/log.js';
import { Secret } from '../core/secret.js';
import type { LauncherName } from './launch/launcher.js';
import { type LauncherConfig, loadLauncherConfig } from './launch/launcher-config.js';

/** The dispatcher's settings, parsed once from the environment at start. */
export interface DispatcherConfig {
  port: number;
  host: string;
  logLevel: LogLevel;
  launcher: LauncherConfig;
  database: DatabaseConfig;
  /** Where the embedded database's socket listens for local jobs (0: any free port). */
  embeddedDbPort: number;
  auth: {
    serviceToken: Secret | undefined;
    jwtSecret: Secret | undefined;
    jwksUrl: string | undefined;
    issuer: string | undefined;
  };
  imports: {
    pathPrefix: string;
    rateLimit: { max: number; windowSeconds: number };
    maxAttempts: number;
    /** Create auth.users rows for unknown users (embedded mode only: no Supabase Auth there). */
    createUsers: boolean;
  };
  reconcile: {
    intervalMs: number;
    maxActive: number;
    heartbeatTimeoutMs: number;
    startTimeoutMs: number;
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
  };
  /** Absolute; what local and docker jobs read uploads from. */
  storageDir: string;
  /** Absolute; per-attempt log files of local and docker jobs. */
  jobLogDir: string;
  /** Browser origins allowed to call the API with a user's token (CORS); empty: none. */
  corsAllowedOrigins: readonly string[];
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  LAUNCHER: z.enum(['local', 'docker', 'render', 'ecs']).default('local'),
  SERVICE_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  SUPABASE_URL: z
    .url({ message: 'expected the project URL, e.g. https://<ref>.supabase.co' })
    .optional(),
  SUPABASE_JWT_SECRET: z
    .string()
    .min(32, "must be the project's JWT secret (32+ characters)")
    .optional(),
  SUPABASE_JWKS_URL: z.url().optional(),
  SUPABASE_JWT_ISSUER: z.string().optional(),
  IMPORT_PATH_PREFIX: z
    .string()
    .refine(
      (v) => v.includes('{userId}') && v.endsWith('/'),
      'must contain {userId} and end with /',
    )
    .default('imports/{userId}/'),
  IMPORT_RATE_LIMIT: positiveIntEnv.default(5),
  IMPORT_RATE_WINDOW_SECONDS: positiveIntEnv.default(3600),
  IMPORT_MAX_ATTEMPTS: positiveIntEnv.max(10).default(3),
  CREATE_LOCAL_USERS: z.enum(['true', 'false']).optional(),
  MAX_CONCURRENT_JOBS: positiveIntEnv.default(10),
  RECONCILE_INTERVAL_MS: positiveIntEnv.min(100).default(5000),
  HEARTBEAT_TIMEOUT_MS: positiveIntEnv.default(90_000),
  START_TIMEOUT_MS: positiveIntEnv.optional(),
  RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  RETRY_MAX_DELAY_MS: positiveIntEnv.default(600_000),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SOULPRINT_STORAGE_DIR: z.string().default('./storage'),
  SOULPRINT_JOB_LOG_DIR: z.string().optional(),
  CORS_ALLOWED_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine((origins) => origins.every(isOrigin), {
      message:
        'expected a comma-separated list of origins such as https://app.example.com (scheme, host and port only; "*" is not allowed)',
    })
    .default([]),
});

/** `https://host[:port]`, exactly as a browser sends it in `Origin`. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Platforms where a container takes minutes to be scheduled and pulled. */
const START_TIMEOUT_DEFAULT_MS: Record<LauncherName, number> = {
  local: 120_000,
  docker: 300_000,
  render: 900_000,
  ecs: 900_000,
};

export function loadDispatcherConfig(env: Env = process.env): DispatcherConfig {
  const parsed = parseEnv(schema, env);
  const database = loadDatabaseConfig(env);
  const embedded = database.kind === 'embedded';
  const storageDir = path.resolve(parsed.SOULPRINT_STORAGE_DIR);
  const dataDir =
    embedded && !database.dataDir.startsWith('memory://') ? database.dataDir : '.soulprint';
  const jobLogDir = path.resolve(parsed.SOULPRINT_JOB_LOG_DIR ?? path.join(dataDir, 'job-logs'));
  const launcher = loadLauncherConfig(parsed.LAUNCHER, env, { embedded });
  const supabaseUrl = parsed.SUPABASE_URL?.replace(/\/+$/, '');
  const auth = {
    serviceToken: parsed.SERVICE_TOKEN ? new Secret(parsed.SERVICE_TOKEN) : undefined,
    jwtSecret: parsed.SUPABASE_JWT_SECRET ? new Secret(parsed.SUPABASE_JWT_SECRET) : undefined,
    jwksUrl:
      parsed.SUPABASE_JWKS_URL ??
      (supabaseUrl ? `${supabaseUrl}/auth/v1/.well-known/jwks.json` : undefined),
    issuer: parsed.SUPABASE_JWT_ISSUER ?? (supabaseUrl ? `${supabaseUrl}/auth/v1` : undefined),
  };
  if (!auth.serviceToken && !auth.jwtSecret && !auth.jwksUrl) {
    throw configError(
      'No way to authenticate callers: set SUPABASE_URL (or SUPABASE_JWT_SECRET) for user tokens, and/or SERVICE_TOKEN.',
    );
  }
  // The embedded socket serves one connection: local jobs must run one at a time.
  const oneAtATime = embedded && (launcher.kind === 'local' || launcher.kind === 'docker');
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    logLevel: parsed.LOG_LEVEL,
    launcher,
    database,
    embeddedDbPort: parsed.EMBEDDED_DB_PORT,
    auth,
    imports: {
      pathPrefix: parsed.IMPORT_PATH_PREFIX,
      rateLimit: {
        max: parsed.IMPORT_RATE_LIMIT,
        windowSeconds: parsed.IMPORT_RATE_WINDOW_SECONDS,
      },
      maxAttempts: parsed.IMPORT_MAX_ATTEMPTS,
      createUsers: parsed.CREATE_LOCAL_USERS ? parsed.CREATE_LOCAL_USERS === 'true' : embedded,
    },
    reconcile: {
      intervalMs: parsed.RECONCILE_INTERVAL_MS,
      maxActive: oneAtATime ? 1 : parsed.MAX_CONCURRENT_JOBS,
      heartbeatTimeoutMs: parsed.HEARTBEAT_TIMEOUT_MS,
      startTimeoutMs: parsed.START_TIMEOUT_MS ?? START_TIMEOUT_DEFAULT_MS[launcher.kind],
      retryBaseDelayMs: parsed.RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: parsed.RETRY_MAX_DELAY_MS,
    },
    storageDir,
    jobLogDir,
    corsAllowedOrigins: Object.freeze(parsed.CORS_ALLOWED_ORIGINS),
  });
}

export function configError(message: string): AppError {
  return new AppError('CONFIG_INVALID', `Configuration is invalid. ${message}`, { kind: 'config' });
}
