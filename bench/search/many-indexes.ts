/**
 * What the shipped layout costs as large imports accumulate: every per-import index is one
 * more index each save checks (its predicate) and each plan of the table considers. With K
 * other imports' indexes in place: the COPY rate of a new import and the latency of an indexed
 * search, in a table of their own (the indexes are empty: only their number is measured).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../core/db/database.js';
import { migrate } from '../../core/db/migrate.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { ensureSearchIndex, searchIndexName } from '../../core/db/search-index.js';
import { createBenchDatabase } from '../native-database.js';
import { benchUser, loadUser } from './dataset.js';
import { EXACT, PER_IMPORT } from './layouts.js';
import { measureSave, measureSearches } from './measure.js';
import { VectorSpace } from './vector-space.js';

export interface ManyIndexesRow {
  indexes: number;
  saveRate: number;
  p50: number;
  p95: number;
  recall: number;
}

export async function measureManyIndexes(
  serverUrl: string,
  counts: readonly number[],
  options: { saveRows: number; userRows: number; queries: number },
): Promise<ManyIndexesRow[]> {
  const rows: ManyIndexesRow[] = [];
  for (const count of counts) {
    const target = await createBenchDatabase(serverUrl, 'soulprint_bench_many_indexes', {
      reuse: false,
    });
    const db = await openPostgresDatabase({ url: target.url, maxConnections: 1 });
    try {
      await migrate(db);
      await emptyIndexes(db, count);
      const space = new VectorSpace(2026, 3, 4000);
      const user = benchUser(space, options.userRows);
      await loadUser(db, space, user, { active: true });
      await ensureSearchIndex(db, { ...user, minChunks: 1 });
      await db.exec('analyze public.conversation_chunks');
      const queries = Array.from({ length: options.queries }, () => ({
        user,
        vector: space.near(user.topics[space.pick(user.topics.length)] as number),
        tier: null,
      }));
      const truth = await exactAnswers(db, user.importId, queries);
      const searched = await measureSearches(db, PER_IMPORT, queries, truth);
      const saved = await measureSave(db, space, options.saveRows);
      rows.push({
        indexes: count,
        saveRate: saved.rows / saved.seconds,
        p50: searched.p50,
        p95: searched.p95,
        recall: searched.recall,
      });
    } finally {
      await db.close();
    }
  }
  return rows;
}

/** `count` per-import indexes of imports with no rows yet (built at once on an empty table). */
async function emptyIndexes(db: Database, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const importId = randomUUID();
    await db.exec(
      `create index ${searchIndexName(importId)} on public.conversation_chunks
         using hnsw ((embedding::extensions.halfvec(1024)) extensions.halfvec_cosine_ops)
         where import_id = '${importId}'::uuid`,
    );
  }
}

/** The exact answers, with the import's index out of the way for a moment. */
async function exactAnswers(
  db: Database,
  importId: string,
  queries: Parameters<typeof measureSearches>[2],
): Promise<string[][]> {
  const name = searchIndexName(importId);
  await db.exec(`alter index public.${name} rename to ${name}_aside`);
  try {
    return (await measureSearches(db, EXACT, queries, null)).results;
  } finally {
    await db.exec(`alter index public.${name}_aside rename to ${name}`);
  }
}
