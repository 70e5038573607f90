import type { Database } from './database.js';
import type { ImportRef } from './import-status.js';

export interface CompleteImportInput extends ImportRef {
  totalConversations: number;
  totalMessages: number;
  /** Token and cost accounting, stored as is in `import_cost`. */
  importCost?: Record<string, unknown>;
  /** "provider:model" of the embedder that produced this import's vectors. */
  embeddingModel?: string;
}

export interface CompleteImportResult {
  /** False when this import no longer owns the status (a newer import started) or already completed. */
  completed: boolean;
  /** Chunks and facts of the user's older imports removed by the switch. */
  removedChunks: number;
  removedFacts: number;
  /** This import's rows, as stored in `total_chunks` and `total_facts`. */
  totalChunks: number;
  totalFacts: number;
}

/**
 * The atomic switch. In one transaction: removes the user's chunks and facts from every other
 * import, points `active_import_id` at this import and marks it complete at 100 %. Until it
 * commits, readers (match_conversation_chunks) see the previous import; a failed import never
 * reaches it, so the previous memory stays intact.
 */
export async function completeImport(
  db: Database,
  input: CompleteImportInput,
): Promise<CompleteImportResult> {
  return db.transaction(async (tx) => {
    const [profile] = await tx.query<{ owns: boolean }>(
      `select current_import_id is not distinct from $2::uuid
              and import_status in ('processing', 'quick_ready') as owns
         from public.user_profiles where user_id = $1::uuid for update`,
      [input.userId, input.importId],
      { operation: 'lock the profile for the completion switch' },
    );
    if (!profile?.owns) {
      return { completed: false, removedChunks: 0, removedFacts: 0, totalChunks: 0, totalFacts: 0 };
    }
    const [removed] = await tx.query<{ chunks: number; facts: number }>(
      `with old_chunks as (
         delete from public.conversation_chunks
          where user_id = $1::uuid and import_id <> $2::uuid
         returning 1
       ), old_facts as (
         delete from public.learned_facts
          where user_id = $1::uuid and import_id <> $2::uuid
         returning 1
       )
       select (select count(*)::int from old_chunks) as chunks,
              (select count(*)::int from old_facts) as facts`,
      [input.userId, input.importId],
      { operation: "remove the previous imports' memory" },
    );
    const [totals] = await tx.query<{ total_chunks: number; total_facts: number }>(
      `update public.user_profiles
          set import_status = 'complete',
              progress_percent = 100,
              import_stage = 'complete',
              import_error = null,
              completed_at = now(),
              active_import_id = $2::uuid,
              total_conversations = $3::int,
              total_messages = $4::int,
              total_chunks = (select count(*)::int from public.conversation_chunks
                               where user_id = $1::uuid and import_id = $2::uuid),
              total_facts = (select count(*)::int from public.learned_facts
                              where user_id = $1::uuid and import_id = $2::uuid),
              import_cost = coalesce($5::text::jsonb, import_cost),
              embedding_model = $6::text
        where user_id = $1::uuid
        returning total_chunks, total_facts`,
      [
        input.userId,
        input.importId,
        input.totalConversations,
        input.totalMessages,
        input.importCost === undefined ? null : JSON.stringify(input.importCost),
        input.embeddingModel ?? null,
      ],
      { operation: 'mark the import complete' },
    );
    return {
      completed: true,
      removedChunks: removed?.chunks ?? 0,
      removedFacts: removed?.facts ?? 0,
      totalChunks: totals?.total_chunks ?? 0,
      totalFacts: totals?.total_facts ?? 0,
    };
  });
}
