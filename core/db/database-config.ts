import { z } from 'zod';
import { boolEnv, type Env, parseEnv, positiveIntEnv } from '../env.js';
import { isTransactionPoolerUrl } from './connection-url.js';

/**
 * Where the data goes: Postgres when `DATABASE_URL` is set (Supabase in production), else the
 * embedded PGlite database in a local directory.
 */
export type DatabaseConfig = PostgresConfig | { kind: 'embedded'; dataDir: string };

export interface PostgresConfig {
  kind: 'postgres';
  url: string;
  maxConnections: number;
  /** The URL is a pooler in transaction mode (see connection-url.ts). */
  transactionPooler: boolean;
  /**
   * Named prepared statements: off behind a transaction pooler (its next transaction may run on
   * a server connection that never saw them: SQLSTATE 26000), on otherwise, unless
   * `DATABASE_PREPARE` says (a pooler that keeps them, such as pgbouncer 1.21+ with
   * `max_prepared_statements`, may turn them back on).
   */
  prepare: boolean;
  /**
   * An import with at least this many embedded chunks gets its own HNSW index, built after
   * its save (core/db/search-index.ts); smaller ones are searched exactly. Null: never.
   */
  searchIndexMinChunks: number | null;
}

export const DEFAULT_DATA_DIR = './.soulprint';

/** See infra/db/README.md (the search index): where an exact scan stops being fast enough. */
export const DEFAULT_SEARCH_INDEX_MIN_CHUNKS = 10_000;

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
  DATABASE_PREPARE: boolEnv.optional(),
  SEARCH_INDEX_MIN_CHUNKS: z
    .union([z.literal('off'), positiveIntEnv])
    .default(DEFAULT_SEARCH_INDEX_MIN_CHUNKS),
  SOULPRINT_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
});

/**
 * Reads `DATABASE_URL`, `DATABASE_POOL_MAX`, `DATABASE_PREPARE`, `SEARCH_INDEX_MIN_CHUNKS`
 * and `SOULPRINT_DATA_DIR` (default `./.soulprint`;
 * `memory://` for a throwaway database). `dataDir` (the `--data-dir` flag) wins over the
 * environment. `DATABASE_URL` wins over both: with it set, nothing is stored locally.
 */
export function loadDatabaseConfig(env: Env, overrides: { dataDir?: string } = {}): DatabaseConfig {
  const parsed = parseEnv(schema, env);
  if (parsed.DATABASE_URL !== undefined) {
    const transactionPooler = isTransactionPoolerUrl(parsed.DATABASE_URL);
    return Object.freeze({
      kind: 'postgres',
      url: parsed.DATABASE_URL,
      maxConnections: parsed.DATABASE_POOL_MAX,
      transactionPooler,
      prepare: parsed.DATABASE_PREPARE ?? !transactionPooler,
      searchIndexMinChunks:
        parsed.SEARCH_INDEX_MIN_CHUNKS === 'off' ? null : parsed.SEARCH_INDEX_MIN_CHUNKS,
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
