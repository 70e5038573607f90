import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  PGlite,
  type QueryOptions as PgliteQueryOptions,
  type Transaction,
} from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { AppError } from '../errors.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import type { Database, QueryOptions } from './database.js';
import { DatabaseError, isDriverError, toDatabaseError } from './database-error.js';
import { encodeVectorArrayBinary, encodeVectorBinary } from './encode-vector-binary.js';
import { readPgliteTemplate } from './pglite-template.js';
import { VectorArrayParam, VectorParam } from './vector-param.js';

/**
 * The embedded database: PGlite (Postgres compiled to WebAssembly) with pgvector, in this
 * process. `dataDir` is a directory (created if missing) or `memory://` for a throwaway
 * database. A directory serves one process at a time (see data-dir-lock.ts).
 */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  const describe = describeDataDir(dataDir);
  if (isMemory(dataDir)) return pgliteDatabase(await createPglite(dataDir), { describe });
  let lock: DataDirLock;
  try {
    await mkdir(path.resolve(dataDir), { recursive: true });
    lock = await lockDataDir(path.resolve(dataDir), describe);
  } catch (error) {
    throw error instanceof DatabaseError ? error : openFailure(dataDir, error);
  }
  try {
    return pgliteDatabase(await createPglite(dataDir), { describe, onClose: lock.release });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * Creates the PGlite instance the adapter uses (also what tests and the benchmark serve over a
 * socket). Takes no lock: callers using it directly keep one instance per directory.
 */
/**
 * Postgres settings of the embedded database. shared_buffers defaults to 128 MB, and under
 * WebAssembly every page of it that is touched stays resident: saving a 50 MB export's chunks
 * peaked at 498 MB with the default and 339 MB with 32 MB, at about the same speed.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=32MB'];

export async function createPglite(dataDir: string): Promise<PGlite> {
  try {
    const options = { extensions: { vector }, postgresqlconf: EMBEDDED_SETTINGS };
    if (isMemory(dataDir)) return await PGlite.create({ dataDir, ...options, ...(await fresh()) });
    const absolute = path.resolve(dataDir);
    await mkdir(absolute, { recursive: true });
    const isNew = !existsSync(path.join(absolute, 'PG_VERSION'));
    return await PGlite.create({ dataDir: absolute, ...options, ...(isNew ? await fresh() : {}) });
  } catch (error) {
    throw openFailure(dataDir, error);
  }
}

/** A new cluster starts from the built template when there is one (see pglite-template.ts). */
async function fresh(): Promise<{ loadDataDir?: Blob }> {
  const template = await readPgliteTemplate();
  return template ? { loadDataDir: template } : {};
}

function openFailure(dataDir: string, error: unknown): DatabaseError {
  const database = describeDataDir(dataDir);
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseError(
    'DB_UNAVAILABLE',
    `Could not open ${database}: ${reason}. Check that the directory is writable.`,
    { kind: 'upstream', database, operation: 'open the embedded database', cause: error },
  );
}

/** "the embedded database at ./.soulprint", or "the in-memory embedded database". */
export function describeDataDir(dataDir: string): string {
  return isMemory(dataDir)
    ? 'the in-memory embedded database'
    : `the embedded database at ${dataDir}`;
}

/** Wraps an open PGlite instance; `close()` closes it, then runs `onClose`. */
export function pgliteDatabase(
  pg: PGlite,
  options: { describe: string; onClose?: () => Promise<void> },
): Database {
  return new PgliteSession(pg, {
    pg,
    describe: options.describe,
    vectorTypes: undefined,
    onClose: options.onClose,
  });
}

function isMemory(dataDir: string): boolean {
  return dataDir.startsWith('memory://');
}

interface VectorTypes {
  vector: number;
  vectorArray: number;
}

interface Shared {
  readonly pg: PGlite;
  readonly describe: string;
  vectorTypes: Promise<VectorTypes> | undefined;
  onClose: (() => Promise<void>) | undefined;
}

class PgliteSession implements Database {
  constructor(
    private readonly target: PGlite | Transaction,
    private readonly shared: Shared,
  ) {}

  get describe(): string {
    return this.shared.describe;
  }

  readonly engine = 'pglite';

  /** PGlite reads COPY input from a blob (see copyIn). */
  readonly copySupported = true;

  async query<T>(
    text: string,
    params: readonly unknown[] = [],
    options?: QueryOptions,
  ): Promise<T[]> {
    const operation = options?.operation ?? 'run a query';
    try {
      const hasVectors = params.some(
        (p) => p instanceof VectorParam || p instanceof VectorArrayParam,
      );
      if (!hasVectors) {
        return (await this.target.query<T>(text, params.map(plainValue))).rows;
      }
      const types = await this.vectorTypes(operation);
      const bound = params.map((p) => bindValue(p, types));
      // Our Uint8Arrays must reach the wire untouched, which PGlite then sends in binary.
      const passThrough = (value: unknown) => value as string;
      const queryOptions: PgliteQueryOptions = {
        serializers: { [types.vector]: passThrough, [types.vectorArray]: passThrough },
      };
      return (await this.target.query<T>(text, bound, queryOptions)).rows;
    } catch (error) {
      throw this.wrap(error, operation);
    }
  }

  async exec(script: string, options?: QueryOptions): Promise<void> {
    try {
      await this.target.exec(script);
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
    // PGlite reads COPY input from the query's blob, named '/dev/blob' in the statement.
    const statement = `copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format binary)`;
    try {
      await this.target.query(statement, [], { blob: new Blob(data as Uint8Array<ArrayBuffer>[]) });
    } catch (error) {
      throw this.wrap(error, options?.operation ?? `copy rows into ${table}`);
    }
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>, options?: QueryOptions): Promise<T> {
    if (this.target !== this.shared.pg) return fn(this);
    try {
      return await this.shared.pg.transaction((tx) => fn(new PgliteSession(tx, this.shared)));
    } catch (error) {
      // Errors from `fn` (already ours, or the caller's own) pass through; BEGIN/COMMIT failures
      // and a closed database are the driver's.
      if (error instanceof AppError || !(isDriverError(error) || this.shared.pg.closed))
        throw error;
      throw this.wrap(error, options?.operation ?? 'run a transaction');
    }
  }

  async close(): Promise<void> {
    if (this.target !== this.shared.pg) {
      throw new AppError('INTERNAL', 'A database cannot be closed from inside a transaction.', {
        kind: 'internal',
      });
    }
    if (this.shared.pg.closed) return;
    try {
      await this.shared.pg.close();
    } finally {
      await this.shared.onClose?.();
    }
  }

  private wrap(error: unknown, operation: string) {
    return toDatabaseError(error, {
      database: this.shared.describe,
      operation,
      connecting: this.shared.pg.closed,
    });
  }

  private vectorTypes(operation: string): Promise<VectorTypes> {
    this.shared.vectorTypes ??= lookUpVectorTypes(
      this.target,
      this.shared.describe,
      operation,
    ).catch((error: unknown) => {
      this.shared.vectorTypes = undefined;
      throw error;
    });
    return this.shared.vectorTypes;
  }
}

async function lookUpVectorTypes(
  target: PGlite | Transaction,
  database: string,
  operation: string,
): Promise<VectorTypes> {
  const { rows } = await target.query<{ vector: number; vector_array: number }>(
    `select t.oid::int as vector, t.typarray::int as vector_array
       from pg_catalog.pg_type t
       join pg_catalog.pg_extension e on e.extnamespace = t.typnamespace
      where e.extname = 'vector' and t.typname = 'vector'`,
  );
  const row = rows[0];
  if (!row) {
    throw new DatabaseError(
      'DB_QUERY_FAILED',
      `Could not ${operation} in ${database}: pgvector is not installed; apply the migrations.`,
      { kind: 'internal', database, operation },
    );
  }
  return { vector: row.vector, vectorArray: row.vector_array };
}

function plainValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

function bindValue(value: unknown, types: VectorTypes): unknown {
  if (value instanceof VectorParam) return encodeVectorBinary(value.value);
  if (value instanceof VectorArrayParam) return encodeVectorArrayBinary(value.values, types.vector);
  return plainValue(value);
}
