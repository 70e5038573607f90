import { type RetryPolicy, withRetry } from '../retry.js';
import { type ChunkRow, insertChunks } from './conversation-chunks.js';
import { CopyBinaryWriter } from './copy-binary.js';
import type { Database } from './database.js';
import { DatabaseError } from './database-error.js';

export interface BulkSaveOptions {
  /** Each transaction carries at most about this many bytes of COPY data (default 4 MB). */
  maxTransactionBytes?: number;
  /** A transaction that lost its connection is run again (it either committed whole or not). */
  retry?: RetryPolicy;
  signal?: AbortSignal;
  /** Told before each retry, e.g. to log it. */
  onRetry?: (error: DatabaseError) => void;
}

export const DEFAULT_TRANSACTION_BYTES = 4 * 1024 * 1024;

const CHUNK_COLUMNS = [
  'id',
  'user_id',
  'import_id',
  'conversation_id',
  'conversation_title',
  'content',
  'chunk_tier',
  'chunk_index',
  'message_start',
  'message_end',
  'message_count',
  'token_count',
  'conversation_created_at',
  'is_recent',
  'embedding',
  'metadata',
] as const;

/**
 * Saves new chunk rows with binary COPY, cut into transactions by size, and returns how many
 * rows are new. The writer looks up which ids are saved before (savedChunkState) and passes
 * only the others, so COPY normally inserts every row. When a row exists anyway (another
 * process saved it meanwhile), COPY refuses the transaction with a duplicate key, and that
 * transaction's rows go through `insertChunks` instead, which skips saved rows and refuses ids
 * of another import. Each transaction commits whole or not at all, so a resume after a stop or
 * a lost connection redoes at most one.
 */
export async function saveChunks(
  db: Database,
  rows: readonly ChunkRow[],
  options: BulkSaveOptions = {},
): Promise<number> {
  return bulkSave(db, rows, options, {
    table: 'public.conversation_chunks',
    columns: CHUNK_COLUMNS,
    operation: 'save conversation chunks',
    encode: encodeChunkRow,
    insert: insertChunks,
  });
}

/** What `bulkSave` needs to know about one table. */
export interface BulkTable<Row> {
  table: string;
  columns: readonly string[];
  operation: string;
  /** Writes one row's values, in `columns` order. */
  encode(writer: CopyBinaryWriter, row: Row): void;
  /** The insert that skips rows whose id exists; returns how many were new. */
  insert(db: Database, rows: readonly Row[]): Promise<number>;
}

/** COPY in transactions of at most `maxTransactionBytes`, with the fallback described above. */
export async function bulkSave<Row>(
  db: Database,
  rows: readonly Row[],
  options: BulkSaveOptions,
  target: BulkTable<Row>,
): Promise<number> {
  const limit = options.maxTransactionBytes ?? DEFAULT_TRANSACTION_BYTES;
  let saved = 0;
  let start = 0;
  while (start < rows.length) {
    const writer = new CopyBinaryWriter();
    let end = start;
    while (end < rows.length && (end === start || writer.bytes < limit)) {
      target.encode(writer, rows[end] as Row);
      end++;
    }
    const part = rows.slice(start, end);
    const data = writer.finish();
    saved += await withRetry(() => copyOrInsert(db, target, part, data), {
      ...(options.retry ? { policy: options.retry } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onRetry: ({ error }) => {
        if (error instanceof DatabaseError) options.onRetry?.(error);
      },
    });
    start = end;
  }
  return saved;
}

async function copyOrInsert<Row>(
  db: Database,
  target: BulkTable<Row>,
  rows: readonly Row[],
  data: readonly Uint8Array[],
): Promise<number> {
  if (!db.copySupported) return db.transaction((tx) => target.insert(tx, rows));
  try {
    await db.transaction((tx) =>
      tx.copyIn(target.table, target.columns, data, { operation: target.operation }),
    );
    return rows.length;
  } catch (error) {
    if (!(error instanceof DatabaseError && error.code === 'DB_CONFLICT')) throw error;
    return db.transaction((tx) => target.insert(tx, rows));
  }
}

/** One chunk row's COPY values, in the order of the COPY's columns. */
export function encodeChunkRow(writer: CopyBinaryWriter, row: ChunkRow): void {
  writer
    .row(CHUNK_COLUMNS.length)
    .text(row.id)
    .uuid(row.userId)
    .uuid(row.importId)
    .text(row.conversationId)
    .text(row.conversationTitle)
    .text(row.content)
    .text(row.chunkTier)
    .int4(row.chunkIndex)
    .int4(row.messageStart)
    .int4(row.messageEnd)
    .int4(row.messageCount)
    .int4(row.tokenCount)
    .timestamptz(row.conversationCreatedAt)
    .bool(row.isRecent)
    .vector(row.embedding)
    .jsonb(row.metadata ?? {});
}
