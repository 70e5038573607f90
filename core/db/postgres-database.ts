import postgres from 'postgres';
import { AppError } from '../errors.js';
import type { Database, QueryOptions } from './database.js';
import { isDriverError, toDatabaseError } from './database-error.js';
import { formatVector, formatVectorArray } from './format-vector.js';
import { VectorArrayParam, VectorParam } from './vector-param.js';

export interface PostgresDatabaseOptions {
  /** A postgres:// or postgresql:// URL (Supabase: the direct or session-pooler string). */
  url: string;
  /**
   * Pool size. Use 1 against PGlite's socket server (`pglite-server`): it multiplexes every
   * connection onto one backend and concurrent connections corrupt each other's replies.
   */
  maxConnections?: number;
  /**
   * Named prepared statements (one round trip per query after the first). Turn off behind a
   * pooler in transaction mode (Supabase port 6543) if it refuses them.
   */
  prepare?: boolean;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * The postgres.js adapter, for `DATABASE_URL`. Checks the connection once before returning, so
 * a wrong URL or an unreachable server fails here with DB_UNAVAILABLE.
 */
export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const describe = describePostgresUrl(options.url);
  const sql = postgres(options.url, {
    max: options.maxConnections ?? 4,
    prepare: options.prepare ?? true,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'soulprint-import' },
  });
  const database = new PostgresSession(sql, sql, describe);
  try {
    await sql.unsafe('select 1');
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    throw toDatabaseError(error, { database: describe, operation: 'connect', connecting: true });
  }
  return database;
}

/** "Postgres at host:5432/dbname", from the URL without user or password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const socketDir = parsed.searchParams.get('host');
    const host = parsed.hostname || socketDir || 'localhost';
    const port = parsed.port || '5432';
    const name = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
    return `Postgres at ${host}:${port}/${name}`;
  } catch {
    return 'Postgres (DATABASE_URL)';
  }
}

class PostgresSession implements Database {
  constructor(
    private readonly root: postgres.Sql,
    private readonly sql: Sql,
    readonly describe: string,
  ) {}

  async query<T>(
    text: string,
    params: readonly unknown[] = [],
    options?: QueryOptions,
  ): Promise<T[]> {
    try {
      const bound = params.map(bindValue) as postgres.ParameterOrJSON<never>[];
      // `prepare: true` here lets the pool-wide `prepare` option decide.
      return (await this.sql.unsafe(text, bound, { prepare: true })) as unknown as T[];
    } catch (error) {
      throw this.wrap(error, options?.operation ?? 'run a query');
    }
  }

  async exec(script: string, options?: QueryOptions): Promise<void> {
    try {
      // Without parameters postgres.js uses the simple protocol: several statements at once.
      await this.sql.unsafe(script);
    } catch (error) {
      throw this.wrap(error, options?.operation ?? 'run a script');
    }
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>, options?: QueryOptions): Promise<T> {
    if (this.sql !== this.root) return fn(this);
    try {
      return (await this.root.begin((tx) =>
        fn(new PostgresSession(this.root, tx, this.describe)),
      )) as T;
    } catch (error) {
      if (error instanceof AppError || !isDriverError(error)) throw error;
      throw this.wrap(error, options?.operation ?? 'run a transaction');
    }
  }

  async close(): Promise<void> {
    if (this.sql !== this.root) {
      throw new AppError('INTERNAL', 'A database cannot be closed from inside a transaction.', {
        kind: 'internal',
      });
    }
    await this.root.end({ timeout: 5 });
  }

  private wrap(error: unknown, operation: string) {
    return toDatabaseError(error, { database: this.describe, operation });
  }
}

function bindValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof VectorParam) return formatVector(value.value);
  if (value instanceof VectorArrayParam) return formatVectorArray(value.values);
  if (Array.isArray(value)) return value.map(arrayElement);
  return value;
}

/**
 * postgres.js declares an array parameter with its first element's type (bool, timestamptz),
 * not the array type, and the server then refuses `$1::bool[]`. As text the server infers the
 * type from the cast in the SQL, as it does for every other array.
 */
function arrayElement(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === true) return 't';
  if (value === false) return 'f';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}
