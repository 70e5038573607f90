import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { completeImport } from '../../core/db/complete-import.js';
import { insertChunks } from '../../core/db/conversation-chunks.js';
import { markImportFailed, startImport } from '../../core/db/import-status.js';
import { insertFacts } from '../../core/db/learned-facts.js';
import { searchChunks } from '../../core/db/search-chunks.js';
import {
  chunkRow,
  databaseForSuite,
  describeEachAdapter,
  factRow,
  newUser,
  readProfile,
  rowsByImport,
  unitVector,
} from './database-fixtures.js';

describeEachAdapter('the completion switch through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  /** Runs an import up to (not including) completion: chunks 0..n-1 embedded, facts 0..f-1. */
  async function importMemory(
    ref: { userId: string; importId: string },
    chunks: number,
    facts: number,
  ) {
    await startImport(db, ref);
    await insertChunks(
      db,
      Array.from({ length: chunks }, (_, i) => chunkRow(ref, i, { embedding: unitVector(i + 1) })),
    );
    await insertFacts(
      db,
      Array.from({ length: facts }, (_, i) => factRow(ref, i)),
    );
  }

  test("leaves exactly one import's chunks and facts", async () => {
    const userId = await newUser(db);
    const first = { userId, importId: randomUUID() };
    await importMemory(first, 4, 2);
    expect(await completeImport(db, { ...first, totalConversations: 3, totalMessages: 8 })).toEqual(
      {
        completed: true,
        removedChunks: 0,
        removedFacts: 0,
        totalChunks: 4,
        totalFacts: 2,
      },
    );

    const second = { userId, importId: randomUUID() };
    await importMemory(second, 3, 5);
    expect(await rowsByImport(db, 'conversation_chunks', userId)).toEqual(
      Object.fromEntries([
        [first.importId, 4],
        [second.importId, 3],
      ]),
    );
    const result = await completeImport(db, {
      ...second,
      totalConversations: 3,
      totalMessages: 7,
      importCost: { usd: 0.42, input_tokens: 1000 },
    });
    expect(result).toEqual({
      completed: true,
      removedChunks: 4,
      removedFacts: 2,
      totalChunks: 3,
      totalFacts: 5,
    });
    expect(await rowsByImport(db, 'conversation_chunks', userId)).toEqual({ [second.importId]: 3 });
    expect(await rowsByImport(db, 'learned_facts', userId)).toEqual({ [second.importId]: 5 });
    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'complete',
      progress_percent: 100,
      import_stage: 'complete',
      active_import_id: second.importId,
      total_chunks: 3,
      total_facts: 5,
      completed_at: expect.any(Date),
    });
  });

  test('until the switch commits, readers see the previous import', async () => {
    const userId = await newUser(db);
    const first = { userId, importId: randomUUID() };
    await importMemory(first, 2, 0);
    await completeImport(db, { ...first, totalConversations: 1, totalMessages: 2 });
    const second = { userId, importId: randomUUID() };
    await importMemory(second, 2, 0);

    const visibleImports = async () => {
      const matches = await searchChunks(db, { userId, embedding: unitVector(1), threshold: -1 });
      return [...new Set(matches.map((m) => m.id.split(':')[0]))];
    };
    expect(await visibleImports()).toEqual([first.importId]);
    await completeImport(db, { ...second, totalConversations: 1, totalMessages: 2 });
    expect(await visibleImports()).toEqual([second.importId]);
  });

  test('a failed import leaves the previous import intact', async () => {
    const userId = await newUser(db);
    const first = { userId, importId: randomUUID() };
    await importMemory(first, 3, 2);
    await completeImport(db, { ...first, totalConversations: 2, totalMessages: 4 });

    const failed = { userId, importId: randomUUID() };
    await importMemory(failed, 5, 1);
    await markImportFailed(db, { ...failed, message: 'The embeddings service kept failing.' });
    expect(
      await completeImport(db, { ...failed, totalConversations: 2, totalMessages: 4 }),
    ).toMatchObject({ completed: false, removedChunks: 0 });

    expect(await rowsByImport(db, 'conversation_chunks', userId)).toMatchObject({
      [first.importId]: 3,
    });
    expect(await rowsByImport(db, 'learned_facts', userId)).toMatchObject({ [first.importId]: 2 });
    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'failed',
      active_import_id: first.importId,
      total_chunks: 3,
    });
    const matches = await searchChunks(db, { userId, embedding: unitVector(2), threshold: -1 });
    expect(matches.map((m) => m.id.split(':')[0])).toEqual([
      first.importId,
      first.importId,
      first.importId,
    ]);
  });

  test('a retried import completes after a failure and then replaces the previous memory', async () => {
    const userId = await newUser(db);
    const first = { userId, importId: randomUUID() };
    await importMemory(first, 2, 1);
    await completeImport(db, { ...first, totalConversations: 1, totalMessages: 2 });
    const retried = { userId, importId: randomUUID() };
    await importMemory(retried, 3, 0);
    await markImportFailed(db, { ...retried, message: 'stopped' });

    expect(await startImport(db, retried)).toBe('resumed');
    // The re-run inserts the same chunks again: nothing is duplicated.
    expect(
      await insertChunks(
        db,
        [0, 1, 2].map((i) => chunkRow(retried, i, { embedding: unitVector(i + 1) })),
      ),
    ).toBe(0);
    expect(
      await completeImport(db, { ...retried, totalConversations: 1, totalMessages: 3 }),
    ).toMatchObject({ completed: true, removedChunks: 2, removedFacts: 1, totalChunks: 3 });
    expect(await rowsByImport(db, 'conversation_chunks', userId)).toEqual({
      [retried.importId]: 3,
    });
  });

  test("the switch never touches another user's memory", async () => {
    const userId = await newUser(db);
    const bystander = await newUser(db);
    const theirs = { userId: bystander, importId: randomUUID() };
    await importMemory(theirs, 2, 2);
    await completeImport(db, { ...theirs, totalConversations: 1, totalMessages: 2 });

    const mine = { userId, importId: randomUUID() };
    await importMemory(mine, 1, 1);
    await completeImport(db, { ...mine, totalConversations: 1, totalMessages: 1 });
    expect(await rowsByImport(db, 'conversation_chunks', bystander)).toEqual({
      [theirs.importId]: 2,
    });
    expect(await rowsByImport(db, 'learned_facts', bystander)).toEqual({ [theirs.importId]: 2 });
  });
});
