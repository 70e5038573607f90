import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countChunksByTier,
  type Database,
  ensureLocalUser,
  insertChunks,
  openDatabase,
  startImport,
} from '../../core/db/index.js';
import { exportFixture } from '../../test/support/fixtures.js';
import { chunkRows } from '../chunk/chunk-rows.js';
import type { Embedder, EmbeddingResult } from '../embed/embedder.js';
import { EmbeddingUsage } from '../embed/embedding-usage.js';
import { LexicalEmbedder } from '../embed/lexical-embedder.js';
import { ExportReader } from '../export/read-export.js';
import type { NormalizedConversation } from '../export/types.js';
import { saveConversationChunks } from './save-conversation-chunks.js';

/** The real lexical embedder, counting the texts it is asked to embed. */
class CountingEmbedder implements Embedder {
  readonly inner = new LexicalEmbedder();
  readonly provider = this.inner.provider;
  readonly model = this.inner.model;
  readonly dimensions = this.inner.dimensions;
  readonly kind = this.inner.kind;
  readonly maxBatch = this.inner.maxBatch;
  readonly maxInputChars = this.inner.maxInputChars;
  texts = 0;

  embedBatch(texts: string[]): Promise<EmbeddingResult> {
    this.texts += texts.length;
    return this.inner.embedBatch(texts);
  }
}

let db: Database;
let conversations: NormalizedConversation[];

beforeAll(async () => {
  db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
  conversations = [];
  const reader = await ExportReader.open(exportFixture('librechat-export'));
  for await (const item of reader.items())
    if (item.kind === 'conversation') conversations.push(item.conversation);
}, 60_000);
afterAll(() => db?.close());

async function* stream(list: NormalizedConversation[]) {
  yield* list;
}

async function newImport() {
  const ref = { userId: randomUUID(), importId: randomUUID() };
  await ensureLocalUser(db, ref.userId);
  await startImport(db, ref);
  return ref;
}

describe('saveConversationChunks', () => {
  it('saves every tier with embeddings, and a re-run inserts and embeds nothing again', async () => {
    const ref = await newImport();
    const embedder = new CountingEmbedder();
    const options = {
      db,
      embedder,
      usage: new EmbeddingUsage(),
      ...ref,
      recentSince: null,
      batchSize: 7,
    };
    const first = await saveConversationChunks(stream(conversations), options);
    const total = first.chunks.micro + first.chunks.medium + first.chunks.macro;
    expect(first.conversations).toBe(2);
    expect(first.inserted).toBe(total);
    expect(embedder.texts).toBe(total);
    expect(await countChunksByTier(db, ref)).toEqual(first.chunks);
    const [unembedded] = await db.query<{ n: number }>(
      'select count(*)::int as n from public.conversation_chunks where import_id = $1 and embedding is null',
      [ref.importId],
    );
    expect(unembedded?.n).toBe(0);

    const again = await saveConversationChunks(stream(conversations), options);
    expect(again).toMatchObject({ inserted: 0, embedded: 0, chunks: first.chunks });
    expect(embedder.texts).toBe(total);
  });

  it('after an interruption, embeds only the chunks saved without an embedding', async () => {
    const ref = await newImport();
    // An earlier run saved the first conversation's chunks but not their embeddings.
    const earlier = chunkRows(conversations[0]!, { ...ref, recentSince: null });
    await insertChunks(db, earlier);
    const embedder = new CountingEmbedder();
    const result = await saveConversationChunks(stream(conversations), {
      db,
      embedder,
      usage: new EmbeddingUsage(),
      ...ref,
      recentSince: null,
    });
    const total = result.chunks.micro + result.chunks.medium + result.chunks.macro;
    expect(result.inserted).toBe(total - earlier.length);
    expect(result.embedded).toBe(total);
    expect(embedder.texts).toBe(total);
    const [unembedded] = await db.query<{ n: number }>(
      'select count(*)::int as n from public.conversation_chunks where import_id = $1 and embedding is null',
      [ref.importId],
    );
    expect(unembedded?.n).toBe(0);
  });

  it('stops between batches when the signal aborts', async () => {
    const ref = await newImport();
    const controller = new AbortController();
    controller.abort();
    await expect(
      saveConversationChunks(stream(conversations), {
        db,
        embedder: new LexicalEmbedder(),
        usage: new EmbeddingUsage(),
        ...ref,
        recentSince: null,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('surfaces a failed write of one batch while the next is being embedded', async () => {
    // No user and no import row: the chunks' foreign keys refuse the first write.
    const ref = { userId: randomUUID(), importId: randomUUID() };
    const embedder = new CountingEmbedder();
    await expect(
      saveConversationChunks(stream(conversations), {
        db,
        embedder,
        usage: new EmbeddingUsage(),
        ...ref,
        recentSince: null,
        batchSize: 3,
      }),
    ).rejects.toMatchObject({ code: 'DB_QUERY_FAILED' });
    const [saved] = await db.query<{ n: number }>(
      'select count(*)::int as n from public.conversation_chunks where import_id = $1',
      [ref.importId],
    );
    expect(saved?.n).toBe(0);
  });
});
