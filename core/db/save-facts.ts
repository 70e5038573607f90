import type { CopyBinaryWriter } from './copy-binary.js';
import type { Database } from './database.js';
import { type FactRow, insertFacts } from './learned-facts.js';
import { type BulkSaveOptions, bulkSave } from './save-chunks.js';

const FACT_COLUMNS = [
  'id',
  'user_id',
  'import_id',
  'category',
  'fact',
  'evidence',
  'source_conversation_id',
  'source_chunk_id',
  'confidence',
  'fact_date',
] as const;

/** Below this many facts one INSERT statement is as quick as a COPY transaction. */
const COPY_FROM_ROWS = 100;

/**
 * Saves facts, skipping ids saved before; returns how many were new. Many facts go in with
 * binary COPY in transactions cut by size, exactly as chunks do (see save-chunks.ts); a few go
 * in one INSERT.
 */
export async function saveFacts(
  db: Database,
  rows: readonly FactRow[],
  options: BulkSaveOptions = {},
): Promise<number> {
  if (rows.length < COPY_FROM_ROWS && options.maxTransactionBytes === undefined) {
    return insertFacts(db, rows);
  }
  return bulkSave(db, rows, options, {
    table: 'public.learned_facts',
    columns: FACT_COLUMNS,
    operation: 'save learned facts',
    encode: encodeFact,
    insert: insertFacts,
  });
}

function encodeFact(writer: CopyBinaryWriter, row: FactRow): void {
  writer
    .row(FACT_COLUMNS.length)
    .text(row.id)
    .uuid(row.userId)
    .uuid(row.importId)
    .text(row.category)
    .text(row.fact)
    .text(row.evidence)
    .text(row.sourceConversationId)
    .text(row.sourceChunkId)
    .float4(row.confidence)
    .text(row.factDate);
}
