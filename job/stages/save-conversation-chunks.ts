import {
  type ChunkRow,
  type ChunkTier,
  type Database,
  insertChunks,
  savedChunkState,
  setChunkEmbeddings,
} from '../../core/db/index.js';
import { throwIfAborted } from '../../core/retry.js';
import { chunkRows } from '../chunk/chunk-rows.js';
import type { TierSpec } from '../chunk/chunk-tiers.js';
import { embedTexts } from '../embed/embed-texts.js';
import type { Embedder } from '../embed/embedder.js';
import type { EmbeddingUsage } from '../embed/embedding-usage.js';
import type { NormalizedConversation } from '../export/types.js';

export interface SaveChunksOptions {
  db: Database;
  embedder: Embedder;
  usage: EmbeddingUsage;
  userId: string;
  importId: string;
  /** See chunk-rows.ts: the export's newest message minus 180 days. */
  recentSince: number | null;
  tiers?: readonly TierSpec[];
  /** Rows per database statement (and per embedding round). */
  batchSize?: number;
  /** Embedding requests in flight at once. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each saved batch. */
  onBatch?: (progress: SaveChunksProgress) => void;
}

export interface SaveChunksProgress {
  conversations: number;
  chunks: Record<ChunkTier, number>;
  /** Rows written by this run (a resumed run skips what an earlier one saved). */
  inserted: number;
  embedded: number;
}

const DEFAULT_BATCH_SIZE = 512;

/**
 * Chunk, embed and save in one streamed pass: conversations are cut into the three tiers as
 * they arrive, and every `batchSize` rows are embedded and written in one statement. Memory
 * holds one batch. Resumable: a batch's rows already saved with their embedding are skipped,
 * saved ones without an embedding are only embedded, so a re-run inserts nothing twice and
 * embeds nothing twice.
 */
export async function saveConversationChunks(
  conversations: AsyncIterable<NormalizedConversation>,
  options: SaveChunksOptions,
): Promise<SaveChunksProgress> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const progress: SaveChunksProgress = {
    conversations: 0,
    chunks: { micro: 0, medium: 0, macro: 0 },
    inserted: 0,
    embedded: 0,
  };
  let batch: ChunkRow[] = [];
  const flush = async () => {
    await saveBatch(batch, options, progress);
    batch = [];
    options.onBatch?.(progress);
  };
  for await (const conversation of conversations) {
    throwIfAborted(options.signal);
    const rows = chunkRows(conversation, {
      userId: options.userId,
      importId: options.importId,
      recentSince: options.recentSince,
      ...(options.tiers ? { tiers: options.tiers } : {}),
    });
    for (const row of rows) progress.chunks[row.chunkTier]++;
    batch.push(...rows);
    progress.conversations++;
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return progress;
}

async function saveBatch(
  rows: ChunkRow[],
  options: SaveChunksOptions,
  progress: SaveChunksProgress,
): Promise<void> {
  const saved = await savedChunkState(
    options.db,
    rows.map((row) => row.id),
  );
  const fresh = rows.filter((row) => !saved.has(row.id));
  const unembedded = rows.filter((row) => saved.get(row.id)?.embedded === false);
  const toEmbed = [...fresh, ...unembedded];
  if (toEmbed.length === 0) return;
  const vectors = await embedTexts(
    options.embedder,
    toEmbed.map((row) => row.content),
    {
      usage: options.usage,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  fresh.forEach((row, i) => {
    row.embedding = vectors[i]!;
  });
  progress.inserted += await insertChunks(options.db, fresh);
  await setChunkEmbeddings(
    options.db,
    unembedded.map((row, i) => ({ id: row.id, embedding: vectors[fresh.length + i]! })),
  );
  progress.embedded += toEmbed.length;
}
