import type { Database } from './database.js';

/**
 * The per-import vector index (infra/supabase/migrations/20261204000101_search_index_per_import.sql,
 * decision and figures in infra/db/README.md): a large import gets a partial HNSW index over
 * its own chunks, built in one pass after they are saved, so that no save ever maintains a
 * vector index row by row. match_conversation_chunks uses it once it is valid.
 */

export interface SearchIndexOutcome {
  /** `built` now, `exists` already (valid), or `small`: exact search is fast enough. */
  outcome: 'built' | 'exists' | 'small';
  /** The import's chunks with an embedding. */
  chunks: number;
  name: string;
  ms: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The index's name; the same as SQL's public.chunk_search_index_name(import_id). */
export function searchIndexName(importId: string): string {
  if (!UUID.test(importId)) throw new RangeError(`"${importId}" is not an import id (a UUID).`);
  return `conversation_chunks_hnsw_${importId.toLowerCase().replaceAll('-', '')}`;
}

/**
 * Builds the import's index when it has at least `minChunks` embedded chunks and no valid
 * index yet. CREATE INDEX CONCURRENTLY: other imports keep saving while it builds (it runs
 * outside a transaction, so it works through a transaction pooler as well). A build that was
 * interrupted leaves an invalid index, which is dropped and built again.
 */
export async function ensureSearchIndex(
  db: Database,
  input: { userId: string; importId: string; minChunks: number },
): Promise<SearchIndexOutcome> {
  const started = performance.now();
  const name = searchIndexName(input.importId);
  const [count] = await db.query<{ chunks: number }>(
    `select count(embedding)::int as chunks from public.conversation_chunks
      where user_id = $1::uuid and import_id = $2::uuid`,
    [input.userId, input.importId],
    { operation: "count the import's embedded chunks" },
  );
  const chunks = count?.chunks ?? 0;
  const done = (outcome: SearchIndexOutcome['outcome']) => ({
    outcome,
    chunks,
    name,
    ms: Math.round(performance.now() - started),
  });
  if (chunks < input.minChunks) return done('small');
  const [state] = await db.query<{ valid: boolean }>(
    `select i.indisvalid as valid from pg_catalog.pg_index i
      where i.indexrelid = pg_catalog.to_regclass('public.' || $1::text)`,
    [name],
    { operation: 'look up the search index' },
  );
  if (state?.valid) return done('exists');
  if (state) {
    await db.exec(`drop index concurrently if exists public.${name}`, {
      operation: 'drop an unfinished search index',
    });
  }
  await db.exec(
    `create index concurrently if not exists ${name} on public.conversation_chunks
       using hnsw ((embedding::extensions.halfvec(1024)) extensions.halfvec_cosine_ops)
       where import_id = '${input.importId.toLowerCase()}'::uuid`,
    { operation: 'build the search index' },
  );
  return done('built');
}

/**
 * Drops the per-import indexes whose import is no user's active or current import any more (a
 * replaced import, one that failed for good): their rows are gone or going. Returns their names.
 */
export async function dropUnusedSearchIndexes(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select c.relname as name
       from pg_catalog.pg_index i
       join pg_catalog.pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'public.conversation_chunks'::regclass
        and c.relname like 'conversation\\_chunks\\_hnsw\\_%'
        and not exists (
          select 1 from public.user_profiles p
           where c.relname in (public.chunk_search_index_name(p.active_import_id),
                               public.chunk_search_index_name(p.current_import_id)))`,
    [],
    { operation: 'find unused search indexes' },
  );
  for (const { name } of rows) {
    await db.exec(`drop index concurrently if exists public.${name}`, {
      operation: 'drop an unused search index',
    });
  }
  return rows.map((row) => row.name);
}

/** The users' active imports of at least `minChunks` chunks (as the switch counted them). */
export async function largeActiveImports(
  db: Database,
  minChunks: number,
): Promise<Array<{ userId: string; importId: string }>> {
  const rows = await db.query<{ user_id: string; import_id: string }>(
    `select user_id::text, active_import_id::text as import_id from public.user_profiles
      where active_import_id is not null and total_chunks >= $1::int
      order by total_chunks desc`,
    [minChunks],
    { operation: 'list large active imports' },
  );
  return rows.map((row) => ({ userId: row.user_id, importId: row.import_id }));
}
