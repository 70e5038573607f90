import { randomUUID } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { completeImport } from '../../core/db/complete-import.js';
import { insertChunks } from '../../core/db/conversation-chunks.js';
import { startImport } from '../../core/db/import-status.js';
import { searchChunks } from '../../core/db/search-chunks.js';
import {
  blend,
  chunkRow,
  databaseForSuite,
  describeEachAdapter,
  newUser,
  OPEN_TIMEOUT_MS,
  unitVector,
} from './database-fixtures.js';

describeEachAdapter('match_conversation_chunks through $name', (adapter) => {
  const db = databaseForSuite(adapter);
  let userId: string;
  let importId: string;
  const target = unitVector(500);

  beforeAll(async () => {
    userId = await newUser(db);
    importId = randomUUID();
    const ref = { userId, importId };
    await startImport(db, ref);
    // near-0 is closest to `target`, then near-1, near-2; `far` points elsewhere.
    await insertChunks(db, [
      chunkRow(ref, 0, { id: 'near-2', embedding: blend(unitVector(1), target, 0.5) }),
      chunkRow(ref, 1, { id: 'near-0', embedding: blend(unitVector(2), target, 0.9) }),
      chunkRow(ref, 2, { id: 'far', embedding: unitVector(3), chunkTier: 'macro' }),
      chunkRow(ref, 3, {
        id: 'near-1',
        embedding: blend(unitVector(4), target, 0.7),
        chunkTier: 'micro',
      }),
      chunkRow(ref, 4, { id: 'no-embedding' }),
    ]);
    await completeImport(db, { ...ref, totalConversations: 3, totalMessages: 10 });

    // Another user with a chunk identical to the target must never show up.
    const other = { userId: await newUser(db), importId: randomUUID() };
    await startImport(db, other);
    await insertChunks(db, [chunkRow(other, 0, { id: 'other-user', embedding: target })]);
    await completeImport(db, { ...other, totalConversations: 1, totalMessages: 1 });
  }, OPEN_TIMEOUT_MS);

  test('returns the nearest chunks first, with cosine similarity', async () => {
    const matches = await searchChunks(db, { userId, embedding: target, limit: 10, threshold: -1 });
    expect(matches.map((m) => m.id)).toEqual(['near-0', 'near-1', 'near-2', 'far']);
    const similarities = matches.map((m) => m.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    expect(similarities[0]).toBeGreaterThan(0.95);
    expect(Math.abs(similarities[3] as number)).toBeLessThan(0.2);
    expect(matches[0]).toMatchObject({
      conversationId: 'conv-1',
      conversationTitle: 'Conversation 1',
      chunkTier: 'medium',
      chunkIndex: 1,
      isRecent: false,
      conversationCreatedAt: new Date('2025-06-01T12:00:00Z'),
    });
  });

  test('an exact match has similarity 1', async () => {
    const [best] = await searchChunks(db, {
      userId,
      embedding: blend(unitVector(2), target, 0.9),
      limit: 1,
    });
    expect(best?.id).toBe('near-0');
    expect(best?.similarity).toBeCloseTo(1, 5);
  });

  test('respects the limit, the threshold and the tier', async () => {
    expect(
      (await searchChunks(db, { userId, embedding: target, limit: 2 })).map((m) => m.id),
    ).toEqual(['near-0', 'near-1']);
    const close = await searchChunks(db, { userId, embedding: target, threshold: 0.8 });
    expect(close.map((m) => m.id)).toEqual(['near-0', 'near-1']);
    const micro = await searchChunks(db, {
      userId,
      embedding: target,
      tier: 'micro',
      threshold: -1,
    });
    expect(micro.map((m) => m.id)).toEqual(['near-1']);
  });

  test("never returns another user's chunks", async () => {
    const matches = await searchChunks(db, { userId, embedding: target, limit: 50, threshold: -1 });
    expect(matches.map((m) => m.id)).not.toContain('other-user');
  });

  test('finds nothing for a user without a completed import', async () => {
    const fresh = await newUser(db);
    const ref = { userId: fresh, importId: randomUUID() };
    await startImport(db, ref);
    await insertChunks(db, [chunkRow(ref, 0, { embedding: target })]);
    expect(await searchChunks(db, { userId: fresh, embedding: target, threshold: -1 })).toEqual([]);
  });
});
