import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { insertChunks } from '../../core/db/conversation-chunks.js';
import { saveChunks } from '../../core/db/save-chunks.js';
import { saveFacts } from '../../core/db/save-facts.js';
import {
  chunkRow,
  databaseForSuite,
  describeEachAdapter,
  factRow,
  newUser,
  unitVector,
} from './database-fixtures.js';

/**
 * The bulk writers: binary COPY where the connection allows it (PGlite in-process, native
 * Postgres, through pgbouncer), multi-row INSERTs over PGlite's socket server.
 */
describeEachAdapter('bulk saves through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  async function newImport() {
    return { userId: await newUser(db), importId: randomUUID() };
  }

  test('every column arrives as written: text, NULLs, times, flags, float32 vectors', async () => {
    const ref = await newImport();
    const content = 'He said "hi" {a,b} \\n C:\\path\n\ttab, NULL, 🦊 \u00e9 \u2028';
    const rows = [
      chunkRow(ref, 0, { content, embedding: unitVector(3), chunkTier: 'micro' }),
      chunkRow(ref, 1, {
        conversationTitle: null,
        conversationCreatedAt: null,
        embedding: null,
        isRecent: true,
      }),
      chunkRow(ref, 2, {
        conversationCreatedAt: Date.UTC(1999, 11, 31, 23, 59, 59, 123),
        embedding: Array.from(unitVector(4)),
        chunkTier: 'macro',
        tokenCount: 2_000_000_000,
      }),
    ];
    expect(await saveChunks(db, rows)).toBe(3);
    const stored = await db.query<Record<string, unknown>>(
      `select id, user_id::text, import_id::text, conversation_id, conversation_title, content,
              chunk_tier, chunk_index, message_start, message_end, message_count, token_count,
              conversation_created_at, is_recent, embedding::text as embedding
         from public.conversation_chunks where import_id = $1::uuid order by chunk_index`,
      [ref.importId],
    );
    expect(stored).toEqual(
      rows.map((row) => ({
        id: row.id,
        user_id: ref.userId,
        import_id: ref.importId,
        conversation_id: row.conversationId,
        conversation_title: row.conversationTitle,
        content: row.content,
        chunk_tier: row.chunkTier,
        chunk_index: row.chunkIndex,
        message_start: row.messageStart,
        message_end: row.messageEnd,
        message_count: row.messageCount,
        token_count: row.tokenCount,
        conversation_created_at:
          row.conversationCreatedAt === null ? null : new Date(row.conversationCreatedAt),
        is_recent: row.isRecent,
        embedding: row.embedding ? expect.any(String) : null,
      })),
    );
    const vectors = stored.map((row) =>
      row.embedding ? Float32Array.from(JSON.parse(row.embedding as string) as number[]) : null,
    );
    expect(vectors).toEqual([unitVector(3), null, Float32Array.from(unitVector(4))]);
  });

  test('transactions are cut by size, and each commits on its own', async () => {
    const ref = await newImport();
    const rows = Array.from({ length: 12 }, (_, i) =>
      chunkRow(ref, i, { embedding: unitVector(i + 1) }),
    );
    // A row is ~4.2 KB (its vector) plus its text: about three rows per 12 KB transaction.
    expect(await saveChunks(db, rows, { maxTransactionBytes: 12_000 })).toBe(12);
    const [{ transactions } = { transactions: 0 }] = await db.query<{ transactions: number }>(
      `select count(distinct xmin::text)::int as transactions from public.conversation_chunks
        where import_id = $1::uuid`,
      [ref.importId],
    );
    expect(transactions).toBe(4);
  });

  test('rows saved meanwhile are skipped, not duplicated, and the rest is saved', async () => {
    const ref = await newImport();
    const rows = Array.from({ length: 10 }, (_, i) => chunkRow(ref, i));
    expect(await insertChunks(db, rows.slice(3, 6))).toBe(3);
    expect(await saveChunks(db, rows, { maxTransactionBytes: 1000 })).toBe(7);
    expect(await saveChunks(db, rows)).toBe(0);
    const [count] = await db.query<{ n: number }>(
      'select count(*)::int as n from public.conversation_chunks where import_id = $1::uuid',
      [ref.importId],
    );
    expect(count?.n).toBe(10);
  });

  test('an id of another import is refused, as insertChunks refuses it', async () => {
    const first = await newImport();
    const row = chunkRow(first, 0);
    await saveChunks(db, [row]);
    const other = { ...row, importId: randomUUID() };
    await expect(saveChunks(db, [other])).rejects.toMatchObject({
      code: 'DB_CONFLICT',
      message: expect.stringContaining('already belong to another import'),
    });
  });

  test('a transaction the server refuses is saved not at all; earlier ones stay', async () => {
    const ref = await newImport();
    const rows = [
      chunkRow(ref, 0),
      chunkRow(ref, 1),
      chunkRow(ref, 2, { content: 'a NUL \u0000 is not text to Postgres' }),
      chunkRow(ref, 3),
    ];
    const failure = await saveChunks(db, rows, { maxTransactionBytes: 1 }).catch((e) => e);
    expect(failure).toMatchObject({ code: 'DB_QUERY_FAILED' });
    expect(String(failure.message)).not.toContain('is not text');
    const saved = await db.query<{ chunk_index: number }>(
      `select chunk_index from public.conversation_chunks where import_id = $1::uuid
        order by chunk_index`,
      [ref.importId],
    );
    expect(saved).toEqual([{ chunk_index: 0 }, { chunk_index: 1 }]);
  });

  test('a value that cannot be written is refused before anything is sent', async () => {
    const ref = await newImport();
    await expect(saveChunks(db, [chunkRow(ref, 0, { userId: 'not-a-uuid' })])).rejects.toThrow(
      RangeError,
    );
    await expect(saveChunks(db, [chunkRow(ref, 0, { chunkIndex: 1.5 })])).rejects.toThrow(
      RangeError,
    );
  });

  test('facts are saved the same way, skipping those saved before', async () => {
    const ref = await newImport();
    const facts = Array.from({ length: 30 }, (_, i) =>
      factRow(
        ref,
        i,
        i % 2 ? { evidence: `said ${i}`, confidence: null, factDate: '2024-03' } : {},
      ),
    );
    expect(await saveFacts(db, facts.slice(0, 10))).toBe(10);
    expect(await saveFacts(db, facts, { maxTransactionBytes: 500 })).toBe(20);
    const stored = await db.query<Record<string, unknown>>(
      `select id, category, fact, evidence, source_conversation_id, source_chunk_id, confidence,
              fact_date
         from public.learned_facts where import_id = $1::uuid order by id`,
      [ref.importId],
    );
    expect(stored).toHaveLength(30);
    const byId = new Map(stored.map((row) => [row.id, row]));
    for (const fact of facts) {
      expect(byId.get(fact.id)).toEqual({
        id: fact.id,
        category: fact.category,
        fact: fact.fact,
        evidence: fact.evidence,
        source_conversation_id: fact.sourceConversationId,
        source_chunk_id: fact.sourceChunkId,
        confidence: fact.confidence === null ? null : expect.closeTo(fact.confidence, 6),
        fact_date: fact.factDate,
      });
    }
  });
});
