import { z } from 'zod';
import { type Env, parseEnv, positiveIntEnv } from '../env.js';

/**
 * Where the data goes: Postgres when `DATABASE_URL` is set (Supabase in production), else the
 * embedded PGlite database in a local directory.
 */
export type DatabaseConfig =
  | { kind: 'postgres'; url: string; maxConnections: number }
  | { kind: 'embedded'; dataDir: string };

export const DEFAULT_DATA_DIR = './.soulprint';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, {
      message:
        'expected a postgres:// or postgresql:// connection URL (Supabase: Settings > Database)',
    })
    .refine(hasValidEscapes, {
      message:
        'has a "%" that is not followed by two hex digits; percent-encode special characters of the password (% is %25, @ is %40, # is %23)',
    })
    .optional(),
  DATABASE_POOL_MAX: positiveIntEnv.max(100).default(4),
  SOULPRINT_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
});

/**
 * Reads `DATABASE_URL`, `DATABASE_POOL_MAX` and `SOULPRINT_DATA_DIR` (default `./.soulprint`;
 * `memory://` for a throwaway database). `dataDir` (the `--data-dir` flag) wins over the
 * environment. `DATABASE_URL` wins over both: with it set, nothing is stored locally.
 */
export function loadDatabaseConfig(env: Env, overrides: { dataDir?: string } = {}): DatabaseConfig {
  const parsed = parseEnv(schema, env);
  if (parsed.DATABASE_URL !== undefined) {
    return Object.freeze({
      kind: 'postgres',
      url: parsed.DATABASE_URL,
      maxConnections: parsed.DATABASE_POOL_MAX,
    });
  }
  return Object.freeze({
    kind: 'embedded',
    dataDir: overrides.dataDir ?? parsed.SOULPRINT_DATA_DIR,
  });
}

/** The user, password and database parts decode: the driver decodes them when it connects. */
function hasValidEscapes(value: string): boolean {
  try {
    const url = new URL(value);
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    decodeURIComponent(url.pathname);
    return true;
  } catch {
    return !isPostgresUrl(value); // the first check names that problem
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}
