import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  countChunksByTier,
  insertChunks,
  listChunksWithoutEmbedding,
  savedChunkState,
  setChunkEmbeddings,
} from '../../core/db/conversation-chunks.js';
import { DatabaseError } from '../../core/db/database-error.js';
import { insertFacts } from '../../core/db/learned-facts.js';
import {
  chunkRow,
  DIMENSIONS,
  databaseForSuite,
  describeEachAdapter,
  factRow,
  newUser,
  unitVector,
} from './database-fixtures.js';

describeEachAdapter('conversation chunks and facts through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  async function newImport() {
    return { userId: await newUser(db), importId: randomUUID() };
  }

  test('a batch is inserted once; re-running it inserts nothing twice', async () => {
    const ref = await newImport();
    const rows = Array.from({ length: 5 }, (_, i) => chunkRow(ref, i));
    expect(await insertChunks(db, rows)).toBe(5);
    expect(await insertChunks(db, rows)).toBe(0);
    expect(await insertChunks(db, [...rows, chunkRow(ref, 5)])).toBe(1);
    const [stored] = await db.query<Record<string, unknown>>(
      `select id, user_id::text, import_id::text, conversation_id, conversation_title, content,
              chunk_tier, chunk_index, message_start, message_end, message_count, token_count,
              conversation_created_at, is_recent, embedding
         from public.conversation_chunks where id = $1`,
      [rows[1]?.id],
    );
    expect(stored).toEqual({
      id: rows[1]?.id,
      user_id: ref.userId,
      import_id: ref.importId,
      conversation_id: 'conv-1',
      conversation_title: 'Conversation 1',
      content: rows[1]?.content,
      chunk_tier: 'medium',
      chunk_index: 1,
      message_start: 2,
      message_end: 3,
      message_count: 2,
      token_count: 40,
      conversation_created_at: new Date('2025-06-01T12:00:00Z'),
      is_recent: false,
      embedding: null,
    });
  });

  test("a chunk keeps its conversation's model and custom GPT as metadata, {} when there is none", async () => {
    const ref = await newImport();
    const metadata = { model: 'gpt-5', gizmoId: 'g-p-cooking', gizmoType: 'snorlax' };
    await insertChunks(db, [chunkRow(ref, 0, { metadata }), chunkRow(ref, 1)]);
    const rows = await db.query<{ chunk_index: number; metadata: unknown }>(
      `select chunk_index, metadata from public.conversation_chunks
        where import_id = $1::uuid order by chunk_index`,
      [ref.importId],
    );
    expect(rows).toEqual([
      { chunk_index: 0, metadata },
      { chunk_index: 1, metadata: {} },
    ]);
  });

  test('odd text and flags survive the array round trip: quotes, braces, backslashes, newlines, NULLs, true', async () => {
    const ref = await newImport();
    const content = 'He said "hi" {a,b} \\n C:\\path\n\ttab, NULL, 🦊 \u00e9';
    await insertChunks(db, [
      chunkRow(ref, 0, { content, conversationTitle: null, conversationCreatedAt: null }),
      chunkRow(ref, 1, { content: 'NULL', conversationCreatedAt: Date.UTC(2024, 0, 2) }),
    ]);
    const rows = await db.query<{
      content: string;
      title: string | null;
      created: Date | null;
      recent: boolean;
    }>(
      `select content, conversation_title as title, conversation_created_at as created,
              is_recent as recent
         from public.conversation_chunks where import_id = $1::uuid order by chunk_index`,
      [ref.importId],
    );
    expect(rows).toEqual([
      { content, title: null, created: null, recent: true },
      {
        content: 'NULL',
        title: 'Conversation 1',
        created: new Date(Date.UTC(2024, 0, 2)),
        recent: false,
      },
    ]);
  });

  test('embeddings are stored as the same float32 values whichever way they travel', async () => {
    const ref = await newImport();
    const inline = unitVector(11);
    const later = Array.from(unitVector(12)); // number[] (double precision) input
    await insertChunks(db, [chunkRow(ref, 0, { embedding: inline }), chunkRow(ref, 1)]);
    const second = chunkRow(ref, 1).id;
    expect(await setChunkEmbeddings(db, [{ id: second, embedding: later }])).toBe(1);

    const rows = await db.query<{ text: string }>(
      `select embedding::text as text from public.conversation_chunks
        where import_id = $1::uuid order by chunk_index`,
      [ref.importId],
    );
    const stored = rows.map((row) => Float32Array.from(JSON.parse(row.text) as number[]));
    expect(stored[0]).toEqual(inline);
    expect(stored[1]).toEqual(Float32Array.from(later));
    expect(stored[1]).toHaveLength(DIMENSIONS);
  });

  test('chunks without an embedding are listed page by page in id order', async () => {
    const ref = await newImport();
    const rows = Array.from({ length: 7 }, (_, i) =>
      chunkRow(ref, i, i % 3 === 0 ? { embedding: unitVector(i + 1) } : {}),
    );
    await insertChunks(db, rows);
    const pending = rows
      .filter((_, i) => i % 3 !== 0)
      .map((r) => r.id)
      .sort();

    const firstPage = await listChunksWithoutEmbedding(db, { importId: ref.importId, limit: 3 });
    expect(firstPage.map((c) => c.id)).toEqual(pending.slice(0, 3));
    expect(firstPage[0]).toMatchObject({ chunkTier: 'medium', content: expect.any(String) });
    const secondPage = await listChunksWithoutEmbedding(db, {
      importId: ref.importId,
      afterId: firstPage.at(-1)?.id,
      limit: 3,
    });
    expect(secondPage.map((c) => c.id)).toEqual(pending.slice(3));

    await setChunkEmbeddings(
      db,
      pending.map((id, i) => ({ id, embedding: unitVector(100 + i) })),
    );
    expect(await listChunksWithoutEmbedding(db, { importId: ref.importId, limit: 10 })).toEqual([]);
  });

  test('saved chunks are told apart from new ones, with or without their embedding', async () => {
    const ref = await newImport();
    const withVector = { ...chunkRow(ref, 0), embedding: unitVector(1) };
    const withoutVector = chunkRow(ref, 1);
    await insertChunks(db, [withVector, withoutVector]);
    const state = await savedChunkState(db, [withVector.id, withoutVector.id, 'not-saved']);
    expect(Object.fromEntries(state)).toEqual({
      [withVector.id]: { embedded: true },
      [withoutVector.id]: { embedded: false },
    });
    expect((await savedChunkState(db, [])).size).toBe(0);
  });

  test('chunks are counted per tier for one import', async () => {
    const ref = await newImport();
    await insertChunks(db, [
      chunkRow(ref, 0, { chunkTier: 'micro' }),
      chunkRow(ref, 1, { chunkTier: 'micro' }),
      chunkRow(ref, 2, { chunkTier: 'macro' }),
    ]);
    expect(await countChunksByTier(db, { importId: ref.importId })).toEqual({
      micro: 2,
      medium: 0,
      macro: 1,
    });
  });

  test('an id already used by another import is refused, not silently skipped', async () => {
    const ref = await newImport();
    const other = { userId: ref.userId, importId: randomUUID() };
    const row = chunkRow(ref, 0);
    await insertChunks(db, [row]);
    const failure = await insertChunks(db, [{ ...row, importId: other.importId }]).catch((e) => e);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({ code: 'DB_CONFLICT', constraint: 'conversation_chunks_pkey' });
    expect(failure.message).toContain('derived from the import id');
  });

  test('a wrong-sized embedding or a NaN is refused with DB_QUERY_FAILED', async () => {
    const ref = await newImport();
    await expect(
      insertChunks(db, [chunkRow(ref, 0, { embedding: [0.1, 0.2, 0.3] })]),
    ).rejects.toMatchObject({ code: 'DB_QUERY_FAILED', message: expect.stringContaining('1024') });
    const withNaN = unitVector(3);
    withNaN[7] = Number.NaN;
    await expect(
      insertChunks(db, [chunkRow(ref, 1, { embedding: withNaN })]),
    ).rejects.toMatchObject({ code: 'DB_QUERY_FAILED', message: expect.stringContaining('NaN') });
  });

  test('facts are inserted once per id', async () => {
    const ref = await newImport();
    const facts = [
      factRow(ref, 0),
      factRow(ref, 1, {
        category: 'dates',
        fact: 'moved to Lisbon',
        factDate: 'spring 2023',
        confidence: 0.5,
      }),
    ];
    expect(await insertFacts(db, facts)).toBe(2);
    expect(await insertFacts(db, facts)).toBe(0);
    const rows = await db.query<Record<string, unknown>>(
      `select category, fact, fact_date, confidence from public.learned_facts
        where import_id = $1::uuid order by id`,
      [ref.importId],
    );
    expect(rows).toEqual([
      { category: 'preferences', fact: 'prefers option 0', fact_date: null, confidence: 0.8 },
      { category: 'dates', fact: 'moved to Lisbon', fact_date: 'spring 2023', confidence: 0.5 },
    ]);
    await expect(
      insertFacts(db, [{ ...factRow(ref, 0), importId: randomUUID() }]),
    ).rejects.toMatchObject({ code: 'DB_CONFLICT', constraint: 'learned_facts_pkey' });
  });
});
