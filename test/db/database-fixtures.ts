import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll } from 'vitest';
import type { ChunkRow } from '../../core/db/conversation-chunks.js';
import type { Database } from '../../core/db/database.js';
import type { FactRow } from '../../core/db/learned-facts.js';
import { ensureLocalUser } from '../../core/db/local-user.js';
import { migrate } from '../../core/db/migrate.js';
import { createPglite, pgliteDatabase } from '../../core/db/pglite-database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';

/**
 * The two ways the data layer reaches Postgres, both on real PGlite: the in-process adapter,
 * and postgres.js over PGlite's socket server (the same wire protocol as Supabase). DB test
 * files run their suites once per entry with `describe.each(ADAPTERS)`, sharing one migrated
 * database per suite and isolating tests with fresh random user ids.
 */
export interface OpenedDatabase {
  db: Database;
  close(): Promise<void>;
}

export interface AdapterFixture {
  name: string;
  /** A fresh in-memory database; migrated unless `migrated: false`. */
  open(options?: { migrated?: boolean }): Promise<OpenedDatabase>;
}

export const ADAPTERS: AdapterFixture[] = [
  { name: 'PGlite in-process', open: openInProcess },
  { name: 'postgres.js over the PGlite socket server', open: openOverSocket },
];

/** Generous: opening PGlite compiles its WebAssembly (2-4 s per instance on a small machine). */
export const OPEN_TIMEOUT_MS = 60_000;

/**
 * Opens a fresh database for the enclosing suite (in its `beforeAll`, closed in its `afterAll`)
 * and returns a handle that forwards to it, usable in the suite's hooks and tests.
 */
export function databaseForSuite(
  adapter: AdapterFixture,
  options?: { migrated?: boolean },
): Database {
  let opened: OpenedDatabase | undefined;
  beforeAll(async () => {
    opened = await adapter.open(options);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => opened?.close());
  const current = (): Database => {
    if (!opened)
      throw new Error('The suite database opens in beforeAll; use it in hooks or tests.');
    return opened.db;
  };
  return {
    get describe() {
      return current().describe;
    },
    query: (text, params, queryOptions) => current().query(text, params, queryOptions),
    exec: (script, queryOptions) => current().exec(script, queryOptions),
    transaction: (fn, queryOptions) => current().transaction(fn, queryOptions),
    close: () => current().close(),
  };
}

async function openInProcess(options: { migrated?: boolean } = {}): Promise<OpenedDatabase> {
  const pg = await createPglite('memory://');
  const db = pgliteDatabase(pg, { describe: 'the in-memory embedded database' });
  if (options.migrated !== false) await migrate(db);
  return { db, close: () => db.close() };
}

/**
 * PGlite's socket server (@electric-sql/pglite-socket 0.2.17) runs every connection on PGlite's
 * single backend. With `maxConnections` > 1 it interleaves the extended-protocol messages of
 * concurrent connections one message at a time (it only keeps an explicit BEGIN...COMMIT block
 * together), so a Parse/Bind/Execute of one connection can land between another's: postgres.js
 * then fails with protocol errors ('The value of "offset" is out of range') on mixed queries
 * from 2+ connections. With the default `maxConnections: 1`, a second client is not refused but
 * waits until the first disconnects. So: one server connection and a postgres.js pool of 1
 * (queries pipeline on it correctly); a dispatcher and several job processes cannot share one
 * embedded database this way, they need real Postgres.
 */
async function openOverSocket(options: { migrated?: boolean } = {}): Promise<OpenedDatabase> {
  const pg: PGlite = await createPglite('memory://');
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const db = await openPostgresDatabase({
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    maxConnections: 1,
  });
  if (options.migrated !== false) await migrate(db);
  return {
    db,
    close: async () => {
      await db.close();
      await server.stop();
      await pg.close();
    },
  };
}

/** A fresh user (auth.users row), so tests sharing a database never see each other's rows. */
export async function newUser(db: Database): Promise<string> {
  const userId = randomUUID();
  await ensureLocalUser(db, userId);
  return userId;
}

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/**
 * Runs `fn` as Supabase's API would: inside a transaction, switched to `role`, with the JWT
 * claims PostgREST sets (`sub` = the user). Everything reverts when the transaction ends.
 */
export async function asRole<T>(
  db: Database,
  role: ApiRole,
  userId: string | null,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(`set local role ${role}`);
    const claims = userId === null ? { role } : { sub: userId, role };
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    return fn(tx);
  });
}

export const DIMENSIONS = 1024;

/** A deterministic unit vector (xorshift from `seed`). */
export function unitVector(seed: number): Float32Array {
  const out = new Float32Array(DIMENSIONS);
  let state = (seed * 2654435761) >>> 0 || 1;
  let norm = 0;
  for (let i = 0; i < DIMENSIONS; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const value = state / 4294967296 - 0.5;
    out[i] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < DIMENSIONS; i++) out[i] = (out[i] as number) * scale;
  return out;
}

/** `base` tilted towards `towards` by `weight` (0 = base, 1 = towards), normalised. */
export function blend(base: Float32Array, towards: Float32Array, weight: number): Float32Array {
  const out = new Float32Array(DIMENSIONS);
  let norm = 0;
  for (let i = 0; i < DIMENSIONS; i++) {
    const value = (1 - weight) * (base[i] as number) + weight * (towards[i] as number);
    out[i] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < DIMENSIONS; i++) out[i] = (out[i] as number) * scale;
  return out;
}

/** A valid chunk row; ids derive from the import id as the real writer's must. */
export function chunkRow(
  ref: { userId: string; importId: string },
  index: number,
  overrides: Partial<ChunkRow> = {},
): ChunkRow {
  return {
    id: `${ref.importId}:conv-${index % 3}:medium:${index}`,
    userId: ref.userId,
    importId: ref.importId,
    conversationId: `conv-${index % 3}`,
    conversationTitle: `Conversation ${index % 3}`,
    content: `chunk ${index} of import ${ref.importId}`,
    chunkTier: 'medium',
    chunkIndex: index,
    messageStart: index * 2,
    messageEnd: index * 2 + 1,
    messageCount: 2,
    tokenCount: 40,
    conversationCreatedAt: new Date('2025-06-01T12:00:00Z'),
    isRecent: index % 2 === 0,
    ...overrides,
  };
}

export function factRow(
  ref: { userId: string; importId: string },
  index: number,
  overrides: Partial<FactRow> = {},
): FactRow {
  return {
    id: `${ref.importId}:fact-${index}`,
    userId: ref.userId,
    importId: ref.importId,
    category: 'preferences',
    fact: `prefers option ${index}`,
    evidence: null,
    sourceConversationId: 'conv-0',
    sourceChunkId: null,
    confidence: 0.8,
    factDate: null,
    ...overrides,
  };
}

/** The user's profile row as stored, for assertions. */
export async function readProfile(db: Database, userId: string) {
  const [row] = await db.query<{
    import_status: string;
    progress_percent: number;
    import_stage: string | null;
    import_error: string | null;
    current_import_id: string | null;
    active_import_id: string | null;
    total_chunks: number;
    total_facts: number;
    full_pass_status: string | null;
    processing_started_at: Date | null;
    completed_at: Date | null;
  }>('select * from public.user_profiles where user_id = $1::uuid', [userId]);
  return row;
}

/** The import ids the user's chunks (or facts) belong to, with counts, sorted by import id. */
export async function rowsByImport(
  db: Database,
  table: 'conversation_chunks' | 'learned_facts',
  userId: string,
): Promise<Record<string, number>> {
  const rows = await db.query<{ import_id: string; count: number }>(
    `select import_id::text, count(*)::int as count from public.${table}
      where user_id = $1::uuid group by import_id order by import_id`,
    [userId],
  );
  return Object.fromEntries(rows.map((row) => [row.import_id, row.count]));
}
