/** The index layouts `npm run bench:search` compares, and how each one is searched. */
import type { Database } from '../../core/db/database.js';
import { ensureSearchIndex } from '../../core/db/search-index.js';
import { vectorParam } from '../../core/db/vector-param.js';
import type { BenchUser, Dataset } from './dataset.js';

export interface Layout {
  name: string;
  /** What a save pays: does an insert touch a vector index? */
  maintainedOnSave: boolean;
  /** Creates the layout's indexes; resolves with the build time in seconds. */
  build(db: Database, data: Dataset): Promise<number>;
  drop(db: Database, data: Dataset): Promise<void>;
  /** The ten best chunk ids for `user`, best first. */
  search(
    db: Database,
    user: BenchUser,
    query: Float32Array,
    tier: string | null,
  ): Promise<string[]>;
  /** The statement a search runs, for EXPLAIN (null: it runs inside the function). */
  statement: string | null;
}

/** match_conversation_chunks, as the chat app calls it. */
const viaFunction = async (
  db: Database,
  user: BenchUser,
  query: Float32Array,
  tier: string | null,
) => {
  const rows = await db.query<{ id: string }>(
    `select id from public.match_conversation_chunks(
       $1::extensions.vector, $2::uuid, 10, -1, $3::text)`,
    [vectorParam(query), user.userId, tier],
  );
  return rows.map((row) => row.id);
};

const GLOBAL_VECTOR_SQL = `select id from public.conversation_chunks
   where user_id = $2::uuid and import_id = $3::uuid and ($4::text is null or chunk_tier = $4)
   order by embedding operator(extensions.<=>) $1::extensions.vector limit 10`;

const GLOBAL_HALFVEC_SQL = `select id from public.conversation_chunks
   where user_id = $2::uuid and import_id = $3::uuid and ($4::text is null or chunk_tier = $4)
   order by (embedding::extensions.halfvec(1024)) operator(extensions.<=>)
            ($1::extensions.vector::extensions.halfvec(1024)) limit 10`;

const handWritten =
  (statement: string) =>
  async (db: Database, user: BenchUser, query: Float32Array, tier: string | null) => {
    const rows = await db.query<{ id: string }>(statement, [
      vectorParam(query),
      user.userId,
      user.importId,
      tier,
    ]);
    return rows.map((row) => row.id);
  };

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

export const EXACT: Layout = {
  name: 'exact scan of the import (no vector index)',
  maintainedOnSave: false,
  build: async () => 0,
  drop: async () => {},
  search: viaFunction,
  statement: null,
};

/** The shipped layout: the heavy import gets its own index, built after its save. */
export const PER_IMPORT: Layout = {
  name: 'per-import HNSW halfvec, built after the save (shipped)',
  maintainedOnSave: false,
  build: (db, data) => timed(() => ensureSearchIndex(db, { ...data.heavy, minChunks: 1 })),
  drop: async (db) => {
    const rows = await db.query<{ name: string }>(
      `select indexname as name from pg_indexes
        where tablename = 'conversation_chunks' and indexname like 'conversation\\_chunks\\_hnsw\\_%'`,
    );
    for (const { name } of rows) await db.exec(`drop index public.${name}`);
  },
  search: viaFunction,
  statement: null,
};

export const GLOBAL_HNSW: Layout = {
  name: 'HNSW vector over the whole table',
  maintainedOnSave: true,
  build: (db) =>
    timed(() =>
      db.exec(`create index bench_hnsw_vector on public.conversation_chunks
                 using hnsw (embedding extensions.vector_cosine_ops)`),
    ),
  drop: (db) => db.exec('drop index if exists public.bench_hnsw_vector'),
  search: handWritten(GLOBAL_VECTOR_SQL),
  statement: GLOBAL_VECTOR_SQL,
};

export const GLOBAL_HALFVEC: Layout = {
  name: 'HNSW halfvec over the whole table',
  maintainedOnSave: true,
  build: (db) =>
    timed(() =>
      db.exec(`create index bench_hnsw_halfvec on public.conversation_chunks
                 using hnsw ((embedding::extensions.halfvec(1024)) extensions.halfvec_cosine_ops)`),
    ),
  drop: (db) => db.exec('drop index if exists public.bench_hnsw_halfvec'),
  search: handWritten(GLOBAL_HALFVEC_SQL),
  statement: GLOBAL_HALFVEC_SQL,
};
