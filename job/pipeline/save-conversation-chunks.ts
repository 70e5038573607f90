import {
  type ChunkRow,
  type ChunkTier,
  type Database,
  type Embedding,
  saveChunks,
  savedChunkState,
  setChunkEmbeddings,
} from '../../core/db/index.js';
import type { AppError } from '../../core/errors.js';
import { throwIfAborted, withRetry } from '../../core/retry.js';
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
  /** Told when a database call lost its connection and is being retried. */
  onDatabaseRetry?: (error: AppError) => void;
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
 * they arrive, and every `batchSize` rows are embedded and written with binary COPY in
 * transactions cut by size (core/db/save-chunks.ts). The write of one batch overlaps the
 * reading and embedding of the next, so the embeddings endpoint and the database work at the
 * same time; memory holds two batches. Resumable: a batch's rows already saved with their
 * embedding are skipped, saved ones without an embedding are only embedded, so a re-run
 * inserts nothing twice and embeds nothing twice. A database call that loses its connection
 * (a pooler restart, a failover) is retried: each transaction committed whole or not at all.
 * When stopped, the write in flight finishes before this returns.
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
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const embedded = await embedBatch(batch, options);
    batch = [];
    await writing;
    writing = writeBatch(embedded, options, progress).then(() => options.onBatch?.(progress));
    // Surfaced by the next flush or the final await; until then it is not "unhandled".
    writing.catch(() => {});
  };
  try {
    for await (const conversation of conversations) {
      throwIfAborted(options.signal);
      const rows = chunkRows(conversation, {
        userId: options.userId,
        importId: options.importId,
        recentSince: options.recentSince,
        ...(options.tiers ? { tiers: options.tiers } : {}),
      });
      // Row by row, so one very long conversation still goes out in batches of `batchSize`.
      for (const row of rows) {
        progress.chunks[row.chunkTier]++;
        batch.push(row);
        if (batch.length >= batchSize) await flush();
      }
      progress.conversations++;
    }
    if (batch.length > 0) await flush();
  } catch (error) {
    await writing.catch(() => {});
    throw error;
  }
  await writing;
  return progress;
}

interface EmbeddedBatch {
  /** Rows not saved yet, with their embedding. */
  fresh: ChunkRow[];
  /** Rows saved by an earlier run without an embedding, and the embedding they get now. */
  unembedded: { id: string; embedding: Embedding }[];
}

async function embedBatch(rows: ChunkRow[], options: SaveChunksOptions): Promise<EmbeddedBatch> {
  const ids = rows.map((row) => row.id);
  const saved = await retrying(options, () => savedChunkState(options.db, ids));
  const fresh = rows.filter((row) => !saved.has(row.id));
  const unembedded = rows.filter((row) => saved.get(row.id)?.embedded === false);
  const toEmbed = [...fresh, ...unembedded];
  if (toEmbed.length === 0) return { fresh: [], unembedded: [] };
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
  return {
    fresh,
    unembedded: unembedded.map((row, i) => ({ id: row.id, embedding: vectors[fresh.length + i]! })),
  };
}

async function writeBatch(
  batch: EmbeddedBatch,
  options: SaveChunksOptions,
  progress: SaveChunksProgress,
): Promise<void> {
  progress.inserted += await saveChunks(options.db, batch.fresh, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onDatabaseRetry ? { onRetry: options.onDatabaseRetry } : {}),
  });
  await retrying(options, () => setChunkEmbeddings(options.db, batch.unembedded));
  progress.embedded += batch.fresh.length + batch.unembedded.length;
}

/** One database call under the project's retry policy (it retries only transient failures). */
function retrying<T>(options: SaveChunksOptions, call: () => Promise<T>): Promise<T> {
  return withRetry(call, {
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: ({ error }) => options.onDatabaseRetry?.(error),
  });
}
