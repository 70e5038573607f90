import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import type { ChunkRow } from '../../core/db/conversation-chunks.js';
import type { Database } from '../../core/db/database.js';
import type { FactRow } from '../../core/db/learned-facts.js';
import { ensureLocalUser } from '../../core/db/local-user.js';
import { nativeUnavailable, poolerUnavailable } from '../support/native-postgres.js';
import { openInProcess, openNative, openOverSocket, openThroughPooler } from './adapter-openers.js';

/**
 * The ways the data layer reaches Postgres: on real PGlite, the in-process adapter and
 * postgres.js over PGlite's socket server; on native PostgreSQL 15 + pgvector (what Supabase
 * runs), postgres.js directly and through pgbouncer in transaction mode (what Supabase's pooler
 * on port 6543 does). DB test files run their suites once per entry with `describeEachAdapter`,
 * sharing one migrated database per suite and isolating tests with fresh random user ids. A
 * target that is not there is skipped, saying why (CI requires it: test/support/real-parts.ts).
 */
export interface OpenedDatabase {
  db: Database;
  /** Native Postgres: a direct URL of the same database (for a session of a test's own). */
  directUrl?: string;
  close(): Promise<void>;
}

export interface AdapterFixture {
  name: string;
  /** A fresh database of its own; migrated unless `migrated: false`. */
  open(options?: { migrated?: boolean }): Promise<OpenedDatabase>;
  /** Why this target cannot run here; undefined when it can. */
  unavailable?: string | undefined;
  /** Native Postgres (directly or pooled), as opposed to PGlite. */
  native?: boolean;
}

export const IN_PROCESS: AdapterFixture = { name: 'PGlite in-process', open: openInProcess };
export const OVER_SOCKET: AdapterFixture = {
  name: 'postgres.js over the PGlite socket server',
  open: openOverSocket,
};
export const NATIVE: AdapterFixture = {
  name: 'native Postgres',
  open: openNative,
  unavailable: nativeUnavailable,
  native: true,
};
export const THROUGH_POOLER: AdapterFixture = {
  name: 'native Postgres through pgbouncer (transaction mode)',
  open: openThroughPooler,
  unavailable: poolerUnavailable,
  native: true,
};

export const ADAPTERS: AdapterFixture[] = [IN_PROCESS, OVER_SOCKET, NATIVE, THROUGH_POOLER];

/**
 * `describe.each(ADAPTERS)`, with a target that cannot run here skipped under a name that says
 * why. `$name` in the title is the adapter's name.
 */
export function describeEachAdapter(
  title: string,
  body: (adapter: AdapterFixture) => void,
  adapters: readonly AdapterFixture[] = ADAPTERS,
): void {
  for (const adapter of adapters) {
    const name = title.replaceAll('$name', adapter.name);
    if (adapter.unavailable)
      describe.skip(`${name} (skipped: ${adapter.unavailable})`, () => body(adapter));
    else describe(name, () => body(adapter));
  }
}

/** Generous: opening PGlite compiles its WebAssembly (2-4 s per instance on a small machine). */
export const OPEN_TIMEOUT_MS = 60_000;

/**
 * Opens a fresh database for the enclosing suite (in its `beforeAll`, closed in its `afterAll`)
 * and returns a handle that forwards to it, usable in the suite's hooks and tests.
 */
export function databaseForSuite(
  adapter: AdapterFixture,
  options?: { migrated?: boolean },
): Database & { readonly directUrl: string | undefined } {
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
    get engine() {
      return current().engine;
    },
    get copySupported() {
      return current().copySupported;
    },
    get directUrl() {
      return opened?.directUrl;
    },
    query: (text, params, queryOptions) => current().query(text, params, queryOptions),
    exec: (script, queryOptions) => current().exec(script, queryOptions),
    copyIn: (table, columns, data, queryOptions) =>
      current().copyIn(table, columns, data, queryOptions),
    transaction: (fn, queryOptions) => current().transaction(fn, queryOptions),
    close: () => current().close(),
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
