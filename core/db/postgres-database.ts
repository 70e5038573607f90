import postgres from 'postgres';
import { AppError } from '../errors.js';
import { driverUrl, isTransactionPoolerUrl } from './connection-url.js';
import type { Database, QueryOptions } from './database.js';
import { isDriverError, toDatabaseError } from './database-error.js';
import { formatVector, formatVectorArray } from './format-vector.js';
import { type CopyQuery, copyThrough, inTransaction } from './postgres-protocol.js';
import { VectorArrayParam, VectorParam } from './vector-param.js';

export interface PostgresDatabaseOptions {
  /**
   * A postgres:// or postgresql:// URL: direct, or through a pooler in session or transaction
   * mode (Supabase port 6543, or any URL with `?pgbouncer=true`; see connection-url.ts).
   */
  url: string;
  /**
   * Pool size. Use 1 against PGlite's socket server (`pglite-server`): it multiplexes every
   * connection onto one backend and concurrent connections corrupt each other's replies.
   */
  maxConnections?: number;
  /**
   * Named prepared statements (one round trip per query after the first). Default: off when the
   * URL is a transaction pooler, on otherwise (config: `DATABASE_PREPARE`).
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
  const sql = postgres(driverUrl(options.url), {
    max: options.maxConnections ?? 4,
    prepare: options.prepare ?? !isTransactionPoolerUrl(options.url),
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'soulprint-import' },
  });
  let version: string;
  try {
    const [row] = await sql.unsafe<{ version: string }[]>('select version() as version');
    version = row?.version ?? '';
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    throw toDatabaseError(error, { database: describe, operation: 'connect', connecting: true });
  }
  // PGlite's socket server (the dispatcher's embedded database, served to local jobs) answers
  // COPY FROM STDIN with silence.
  const engine = version.includes('PGlite') ? 'pglite' : 'postgres';
  return new PostgresSession(sql, sql, { describe, engine, copySupported: engine === 'postgres' });
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

interface SessionInfo {
  describe: string;
  engine: 'postgres' | 'pglite';
  copySupported: boolean;
}

class PostgresSession implements Database {
  constructor(
    private readonly root: postgres.Sql,
    private readonly sql: Sql,
    private readonly info: SessionInfo,
  ) {}

  get describe(): string {
    return this.info.describe;
  }

  get engine(): 'postgres' | 'pglite' {
    return this.info.engine;
  }

  get copySupported(): boolean {
    return this.info.copySupported;
  }

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

  async copyIn(
    table: string,
    columns: readonly string[],
    data: readonly Uint8Array[],
    options?: QueryOptions,
  ): Promise<void> {
    const statement = `copy ${table} (${columns.join(', ')}) from stdin with (format binary)`;
    try {
      await copyThrough(this.sql.unsafe(statement) as unknown as CopyQuery, data);
    } catch (error) {
      throw this.wrap(error, options?.operation ?? `copy rows into ${table}`);
    }
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>, options?: QueryOptions): Promise<T> {
    if (this.sql !== this.root) return fn(this);
    try {
      return await inTransaction(this.root, (tx) =>
        fn(new PostgresSession(this.root, tx, this.info)),
      );
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
 * type from the cast in the SQL, as it does for every other array. Booleans need one step
 * more: bound to `$1::bool[]`, postgres.js writes each element with its boolean serializer,
 * which makes 'f' of anything but `true` (so every 't' arrived as false); declare them
 * `$1::text[]` and cast each element in SQL.
 */
function arrayElement(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === true) return 't';
  if (value === false) return 'f';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}
