import type { Database } from './database.js';
import { idCollision } from './id-collision.js';

export type FactCategory =
  | 'preferences'
  | 'projects'
  | 'dates'
  | 'beliefs'
  | 'decisions'
  | 'relationships'
  | 'identity';

export interface FactRow {
  /** Deterministic and derived from the import id, like chunk ids (see ChunkRow.id). */
  id: string;
  userId: string;
  importId: string;
  category: FactCategory;
  fact: string;
  evidence: string | null;
  sourceConversationId: string | null;
  sourceChunkId: string | null;
  /** 0 to 1. */
  confidence: number | null;
  /** As stated ("2024-03", "summer 2023"); not parsed. */
  factDate: string | null;
}

/** Inserts facts in one statement, skipping ids that exist; returns how many were new. */
export async function insertFacts(db: Database, rows: readonly FactRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const [result] = await db.query<{ inserted: number; collisions: number }>(
    `with input as (
       select * from unnest(
         $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::real[], $10::text[]
       ) as u(id, user_id, import_id, category, fact, evidence, source_conversation_id,
              source_chunk_id, confidence, fact_date)
     ), inserted as (
       insert into public.learned_facts (
         id, user_id, import_id, category, fact, evidence, source_conversation_id,
         source_chunk_id, confidence, fact_date
       )
       select id, user_id::uuid, import_id::uuid, category, fact, evidence,
              source_conversation_id, source_chunk_id, confidence, fact_date
         from input
       on conflict (id) do nothing
       returning 1
     )
     select (select count(*)::int from inserted) as inserted,
            -- Only when rows were skipped: did any belong to another import or user?
            case when (select count(*) from inserted) < (select count(*) from input)
                 then (select count(*)::int from public.learned_facts f join input i on i.id = f.id
                        where f.import_id <> i.import_id::uuid or f.user_id <> i.user_id::uuid)
                 else 0 end as collisions`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.userId),
      rows.map((r) => r.importId),
      rows.map((r) => r.category),
      rows.map((r) => r.fact),
      rows.map((r) => r.evidence),
      rows.map((r) => r.sourceConversationId),
      rows.map((r) => r.sourceChunkId),
      rows.map((r) => r.confidence),
      rows.map((r) => r.factDate),
    ],
    { operation: 'save learned facts' },
  );
  if (result && result.collisions > 0) {
    throw idCollision(db, 'learned fact', 'learned_facts_pkey', result.collisions);
  }
  return result?.inserted ?? 0;
}

/** The facts one import saved, ordered by category and text (to rebuild MEMORY on a resume). */
export async function listFacts(
  db: Database,
  ref: { userId: string; importId: string },
): Promise<FactRow[]> {
  const rows = await db.query<{
    id: string;
    category: FactCategory;
    fact: string;
    evidence: string | null;
    source_conversation_id: string | null;
    source_chunk_id: string | null;
    confidence: number | null;
    fact_date: string | null;
  }>(
    `select id, category, fact, evidence, source_conversation_id, source_chunk_id, confidence,
            fact_date
       from public.learned_facts
      where user_id = $1::uuid and import_id = $2::uuid
      order by category, fact, id`,
    [ref.userId, ref.importId],
    { operation: 'read learned facts' },
  );
  return rows.map((row) => ({
    id: row.id,
    userId: ref.userId,
    importId: ref.importId,
    category: row.category,
    fact: row.fact,
    evidence: row.evidence,
    sourceConversationId: row.source_conversation_id,
    sourceChunkId: row.source_chunk_id,
    confidence: row.confidence,
    factDate: row.fact_date,
  }));
}
