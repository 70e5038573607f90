import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { completeImport } from '../../core/db/complete-import.js';
import { formatVector } from '../../core/db/format-vector.js';
import { startImport } from '../../core/db/import-status.js';
import { saveChunks } from '../../core/db/save-chunks.js';
import { searchChunks } from '../../core/db/search-chunks.js';
import {
  dropUnusedSearchIndexes,
  ensureSearchIndex,
  searchIndexName,
} from '../../core/db/search-index.js';
import { plansOf } from '../support/function-plan.js';
import {
  ADAPTERS,
  asRole,
  blend,
  chunkRow,
  databaseForSuite,
  describeEachAdapter,
  IN_PROCESS,
  newUser,
  OPEN_TIMEOUT_MS,
  unitVector,
} from './database-fixtures.js';

/**
 * The per-import search index (20261204000101): built after an import's save when it is large,
 * used by match_conversation_chunks itself (checked in the plan of the statement the function
 * runs, through auto_explain), and dropped when no import uses it. On native Postgres, directly
 * and through pgbouncer; PGlite is the embedded database, which never builds one.
 */
const MATCH =
  'select id from public.match_conversation_chunks($1::extensions.vector, $2::uuid, $3::int, -1, $4::text)';

test(
  'the index name is the same in TypeScript and in SQL',
  async () => {
    const opened = await IN_PROCESS.open();
    try {
      const importId = randomUUID();
      const [row] = await opened.db.query<{ name: string }>(
        'select public.chunk_search_index_name($1::uuid) as name',
        [importId],
      );
      expect(row?.name).toBe(searchIndexName(importId));
    } finally {
      await opened.close();
    }
  },
  OPEN_TIMEOUT_MS,
);

describeEachAdapter(
  'the search index through $name',
  (adapter) => {
    const db = databaseForSuite(adapter);
    const target = unitVector(900);
    let ref: { userId: string; importId: string };

    /** 90 chunks: 10 leaning towards `target` (near-0 nearest), the rest elsewhere. */
    async function importChunks(userId: string, importId: string) {
      const rows = Array.from({ length: 90 }, (_, i) =>
        chunkRow({ userId, importId }, i, {
          chunkTier: i % 3 === 0 ? 'macro' : 'micro',
          embedding: i < 10 ? blend(unitVector(i + 1), target, 0.9 - i * 0.05) : unitVector(i + 1),
        }),
      );
      await startImport(db, { userId, importId });
      await saveChunks(db, rows);
      return rows;
    }

    /** The plan of the search statement match_conversation_chunks runs (not its lookups). */
    async function searchPlan(userId: string, limit: number): Promise<string> {
      const plans = await plansOf(db.directUrl as string, MATCH, [
        formatVector(target),
        userId,
        limit,
        null,
      ]);
      const plan = plans.find((text) => text.includes('conversation_chunks c'));
      if (!plan) throw new Error(`no plan of the search among: ${plans.join('\n---\n')}`);
      return plan;
    }

    beforeAll(async () => {
      ref = { userId: await newUser(db), importId: randomUUID() };
      await importChunks(ref.userId, ref.importId);
      await completeImport(db, { ...ref, totalConversations: 3, totalMessages: 90 });
    }, OPEN_TIMEOUT_MS);

    test('a small import gets none, and is searched exactly', async () => {
      expect(await ensureSearchIndex(db, { ...ref, minChunks: 1000 })).toMatchObject({
        outcome: 'small',
        chunks: 90,
      });
      const plan = await searchPlan(ref.userId, 10);
      expect(plan).toContain('conversation_chunks_user_import');
      expect(plan).not.toContain('conversation_chunks_hnsw_');
    });

    test('a large one gets its index once, and match_conversation_chunks orders by it', async () => {
      const exact = await searchChunks(db, { userId: ref.userId, embedding: target, limit: 5 });
      expect(await ensureSearchIndex(db, { ...ref, minChunks: 50 })).toMatchObject({
        outcome: 'built',
        name: searchIndexName(ref.importId),
      });
      expect(await ensureSearchIndex(db, { ...ref, minChunks: 50 })).toMatchObject({
        outcome: 'exists',
      });
      const plan = await searchPlan(ref.userId, 5);
      expect(plan).toMatch(new RegExp(`Index Scan using ${searchIndexName(ref.importId)}`));
      const indexed = await searchChunks(db, { userId: ref.userId, embedding: target, limit: 5 });
      expect(indexed.map((m) => m.id)).toEqual(exact.map((m) => m.id));
      expect(indexed.map((m) => m.similarity)).toEqual(exact.map((m) => m.similarity));
    });

    test('through the index, the tier filter and the threshold still hold', async () => {
      await ensureSearchIndex(db, { ...ref, minChunks: 50 });
      const macro = await searchChunks(db, {
        userId: ref.userId,
        embedding: target,
        tier: 'macro',
        limit: 20,
        threshold: -1,
      });
      expect(macro).toHaveLength(20);
      expect(macro.every((m) => m.chunkTier === 'macro')).toBe(true);
      const close = await searchChunks(db, {
        userId: ref.userId,
        embedding: target,
        threshold: 0.9,
      });
      expect(close.length).toBeGreaterThan(0);
      expect(close.every((m) => m.similarity >= 0.9)).toBe(true);
    });

    test('through the index, a user still finds only their own chunks', async () => {
      await ensureSearchIndex(db, { ...ref, minChunks: 50 });
      const stranger = await newUser(db);
      const search = (userId: string) =>
        asRole(db, 'authenticated', userId, (tx) =>
          tx.query<{ id: string }>(MATCH, [formatVector(target), ref.userId, 5, null]),
        );
      expect(await search(ref.userId)).toHaveLength(5);
      expect(await search(stranger)).toEqual([]);
    });

    test('an index left unfinished is searched around, then dropped and built again', async () => {
      const name = searchIndexName(ref.importId);
      await ensureSearchIndex(db, { ...ref, minChunks: 50 });
      // What an interrupted CREATE INDEX CONCURRENTLY leaves behind.
      await db.query(
        `update pg_catalog.pg_index set indisvalid = false
          where indexrelid = pg_catalog.to_regclass('public.' || $1::text)`,
        [name],
      );
      const plan = await searchPlan(ref.userId, 5);
      expect(plan).toContain('conversation_chunks_user_import');
      expect(plan).not.toContain(name);
      expect(await ensureSearchIndex(db, { ...ref, minChunks: 50 })).toMatchObject({
        outcome: 'built',
      });
      const [state] = await db.query<{ valid: boolean }>(
        `select indisvalid as valid from pg_catalog.pg_index
          where indexrelid = pg_catalog.to_regclass('public.' || $1::text)`,
        [name],
      );
      expect(state?.valid).toBe(true);
    });

    test("a replaced import's index is dropped; the active and current ones stay", async () => {
      const userId = await newUser(db);
      const first = randomUUID();
      await importChunks(userId, first);
      await completeImport(db, {
        userId,
        importId: first,
        totalConversations: 3,
        totalMessages: 1,
      });
      await ensureSearchIndex(db, { userId, importId: first, minChunks: 50 });
      const second = randomUUID();
      await importChunks(userId, second);
      await ensureSearchIndex(db, { userId, importId: second, minChunks: 50 });
      const names = async () =>
        (
          await db.query<{ name: string }>(
            `select indexname as name from pg_indexes where indexname = any($1::text[])
              order by 1`,
            [[searchIndexName(first), searchIndexName(second)]],
          )
        ).map((row) => row.name);

      // While the second import runs, both stay: readers use the first, the job the second.
      expect(await dropUnusedSearchIndexes(db)).not.toContain(searchIndexName(first));
      expect(await names()).toHaveLength(2);
      await completeImport(db, {
        userId,
        importId: second,
        totalConversations: 3,
        totalMessages: 1,
      });
      expect(await dropUnusedSearchIndexes(db)).toContain(searchIndexName(first));
      expect(await names()).toEqual([searchIndexName(second)]);
    });
  },
  ADAPTERS.filter((adapter) => adapter !== IN_PROCESS && adapter.native),
);
