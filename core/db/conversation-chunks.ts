import type { Database } from './database.js';
import { idCollision } from './id-collision.js';
import { type Embedding, vectorArrayParam } from './vector-param.js';

export type ChunkTier = 'micro' | 'medium' | 'macro';

export interface ChunkMetadata {
  model?: string;
  gizmoId?: string;
  gizmoType?: string;
  templateId?: string;
}

export const CHUNK_TIERS: readonly ChunkTier[] = ['micro', 'medium', 'macro'];

export interface ChunkRow {
  /**
   * Deterministic, computed by the writer from the import id and the chunk's position, so a
   * re-run of the same import produces the same ids (and inserts nothing twice) while another
   * import of the same conversations produces different ones. Reusing an id across imports is
   * refused: the completion switch would otherwise delete the only copy.
   */
  id: string;
  userId: string;
  importId: string;
  conversationId: string;
  conversationTitle: string | null;
  content: string;
  chunkTier: ChunkTier;
  chunkIndex: number;
  messageStart: number;
  messageEnd: number;
  messageCount: number;
  tokenCount: number;
  /** A Date, epoch milliseconds, or null when the export has no time. */
  conversationCreatedAt: Date | number | null;
  isRecent: boolean;
  /** What the conversation was held in (custom GPT, project) and its model; `{}` when absent. */
  metadata?: ChunkMetadata;
  /** 1024 dimensions; leave out to embed later with `setChunkEmbeddings`. */
  embedding?: Embedding | null;
}

/**
 * Inserts a batch in one statement (one array per column, unnest). Rows whose id exists are
 * skipped, so re-running a batch is harmless. Returns how many rows were new. Batches of
 * 500-1000 rows keep each statement a few megabytes.
 */
export async function insertChunks(db: Database, rows: readonly ChunkRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = toColumns(rows);
  const [result] = await db.query<{ inserted: number; collisions: number }>(
    `with input as (
       select * from unnest(
         $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::text[], $14::text[],
         $15::extensions.vector[], $16::text[]
       ) as u(id, user_id, import_id, conversation_id, conversation_title, content, chunk_tier,
              chunk_index, message_start, message_end, message_count, token_count,
              conversation_created_at, is_recent, embedding, metadata)
     ), inserted as (
       insert into public.conversation_chunks (
         id, user_id, import_id, conversation_id, conversation_title, content, chunk_tier,
         chunk_index, message_start, message_end, message_count, token_count,
         conversation_created_at, is_recent, embedding, metadata
       )
       select id, user_id::uuid, import_id::uuid, conversation_id, conversation_title, content,
              chunk_tier, chunk_index, message_start, message_end, message_count, token_count,
              conversation_created_at::timestamptz, is_recent::boolean, embedding,
              coalesce(metadata::jsonb, '{}'::jsonb)
         from input
       on conflict (id) do nothing
       returning 1
     )
     select (select count(*)::int from inserted) as inserted,
            -- Only when rows were skipped: did any belong to another import or user?
            case when (select count(*) from inserted) < (select count(*) from input)
                 then (select count(*)::int from public.conversation_chunks c join input i on i.id = c.id
                        where c.import_id <> i.import_id::uuid or c.user_id <> i.user_id::uuid)
                 else 0 end as collisions`,
    columns,
    { operation: 'save conversation chunks' },
  );
  if (result && result.collisions > 0) {
    throw idCollision(db, 'conversation chunk', 'conversation_chunks_pkey', result.collisions);
  }
  return result?.inserted ?? 0;
}

/** Sets the embeddings of a batch of chunks in one statement; returns how many rows matched. */
export async function setChunkEmbeddings(
  db: Database,
  items: readonly { id: string; embedding: Embedding }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const [result] = await db.query<{ updated: number }>(
    `with input as (
       select * from unnest($1::text[], $2::extensions.vector[]) as u(id, embedding)
     ), updated as (
       update public.conversation_chunks c
          set embedding = input.embedding
         from input
        where c.id = input.id
       returning 1
     )
     select count(*)::int as updated from updated`,
    [items.map((item) => item.id), vectorArrayParam(items.map((item) => item.embedding))],
    { operation: 'save chunk embeddings' },
  );
  return result?.updated ?? 0;
}

/**
 * Which of these chunk ids are already saved, and whether each has its embedding: lets a
 * re-run of an import skip what it saved before and embed only what still needs it.
 */
export async function savedChunkState(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, { embedded: boolean }>> {
  const state = new Map<string, { embedded: boolean }>();
  if (ids.length === 0) return state;
  const rows = await db.query<{ id: string; embedded: boolean }>(
    `select id, embedding is not null as embedded from public.conversation_chunks
      where id = any($1::text[])`,
    [ids],
    { operation: 'look up saved chunks' },
  );
  for (const row of rows) state.set(row.id, { embedded: row.embedded });
  return state;
}

export interface ChunkToEmbed {
  id: string;
  content: string;
  chunkTier: ChunkTier;
}

/**
 * One page of an import's chunks that have no embedding yet, in id order. Pass the last id of
 * a page as `afterId` for the next one; an empty page means everything is embedded.
 */
export async function listChunksWithoutEmbedding(
  db: Database,
  page: { importId: string; afterId?: string; limit: number },
): Promise<ChunkToEmbed[]> {
  const rows = await db.query<{ id: string; content: string; chunk_tier: ChunkTier }>(
    `select id, content, chunk_tier from public.conversation_chunks
      where import_id = $1::uuid and embedding is null and id > $2::text
      order by id
      limit $3::int`,
    [page.importId, page.afterId ?? '', page.limit],
    { operation: 'list chunks to embed' },
  );
  return rows.map((row) => ({ id: row.id, content: row.content, chunkTier: row.chunk_tier }));
}

/** How many chunks an import has in each tier. */
export async function countChunksByTier(
  db: Database,
  ref: { importId: string },
): Promise<Record<ChunkTier, number>> {
  const rows = await db.query<{ chunk_tier: ChunkTier; count: number }>(
    `select chunk_tier, count(*)::int as count from public.conversation_chunks
      where import_id = $1::uuid group by chunk_tier`,
    [ref.importId],
    { operation: 'count chunks by tier' },
  );
  const counts: Record<ChunkTier, number> = { micro: 0, medium: 0, macro: 0 };
  for (const row of rows) counts[row.chunk_tier] = row.count;
  return counts;
}

function toColumns(rows: readonly ChunkRow[]): unknown[] {
  const n = rows.length;
  const ids = new Array<string>(n);
  const userIds = new Array<string>(n);
  const importIds = new Array<string>(n);
  const conversationIds = new Array<string>(n);
  const titles = new Array<string | null>(n);
  const contents = new Array<string>(n);
  const tiers = new Array<string>(n);
  const indexes = new Array<number>(n);
  const starts = new Array<number>(n);
  const ends = new Array<number>(n);
  const messageCounts = new Array<number>(n);
  const tokenCounts = new Array<number>(n);
  const createdAts = new Array<string | null>(n);
  const recents = new Array<boolean>(n);
  const embeddings = new Array<Embedding | null>(n);
  const metadata = new Array<string | null>(n);
  let anyEmbedding = false;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as ChunkRow;
    ids[i] = row.id;
    userIds[i] = row.userId;
    importIds[i] = row.importId;
    conversationIds[i] = row.conversationId;
    titles[i] = row.conversationTitle;
    contents[i] = row.content;
    tiers[i] = row.chunkTier;
    indexes[i] = row.chunkIndex;
    starts[i] = row.messageStart;
    ends[i] = row.messageEnd;
    messageCounts[i] = row.messageCount;
    tokenCounts[i] = row.tokenCount;
    createdAts[i] = toIsoTime(row.conversationCreatedAt);
    recents[i] = row.isRecent;
    embeddings[i] = row.embedding ?? null;
    metadata[i] = row.metadata ? JSON.stringify(row.metadata) : null;
    if (row.embedding) anyEmbedding = true;
  }
  return [
    ids,
    userIds,
    importIds,
    conversationIds,
    titles,
    contents,
    tiers,
    indexes,
    starts,
    ends,
    messageCounts,
    tokenCounts,
    createdAts,
    recents,
    // A NULL array pads the unnest with NULL embeddings.
    anyEmbedding ? vectorArrayParam(embeddings) : null,
    metadata,
  ];
}

function toIsoTime(value: Date | number | null): string | null {
  if (value === null) return null;
  return (typeof value === 'number' ? new Date(value) : value).toISOString();
}
