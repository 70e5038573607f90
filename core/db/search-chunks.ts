import type { ChunkTier } from './conversation-chunks.js';
import type { Database } from './database.js';
import { type Embedding, vectorParam } from './vector-param.js';

export interface ChunkMatch {
  id: string;
  conversationId: string;
  conversationTitle: string | null;
  content: string;
  chunkTier: ChunkTier;
  chunkIndex: number;
  messageStart: number;
  messageEnd: number;
  conversationCreatedAt: Date | null;
  isRecent: boolean;
  /** Cosine similarity, 1 for the same direction. */
  similarity: number;
}

/**
 * The user's nearest chunks from their active import, best first, through the same
 * match_conversation_chunks function the chat app calls.
 */
export async function searchChunks(
  db: Database,
  search: {
    userId: string;
    embedding: Embedding;
    limit?: number;
    /** Minimum cosine similarity; default 0. */
    threshold?: number;
    tier?: ChunkTier | null;
  },
): Promise<ChunkMatch[]> {
  const rows = await db.query<MatchRow>(
    `select * from public.match_conversation_chunks(
       $1::extensions.vector, $2::uuid, $3::int, $4::float8, $5::text)`,
    [
      vectorParam(search.embedding),
      search.userId,
      search.limit ?? 10,
      search.threshold ?? 0,
      search.tier ?? null,
    ],
    { operation: 'search conversation chunks' },
  );
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    conversationTitle: row.conversation_title,
    content: row.content,
    chunkTier: row.chunk_tier,
    chunkIndex: row.chunk_index,
    messageStart: row.message_start,
    messageEnd: row.message_end,
    conversationCreatedAt: row.conversation_created_at,
    isRecent: row.is_recent,
    similarity: row.similarity,
  }));
}

interface MatchRow {
  id: string;
  conversation_id: string;
  conversation_title: string | null;
  content: string;
  chunk_tier: ChunkTier;
  chunk_index: number;
  message_start: number;
  message_end: number;
  conversation_created_at: Date | null;
  is_recent: boolean;
  similarity: number;
}

/** "provider:model" of the embedder behind the user's active import; null when unknown. */
export async function activeEmbeddingModel(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.query<{ embedding_model: string | null }>(
    'select embedding_model from public.user_profiles where user_id = $1::uuid',
    [userId],
    { operation: "read the active import's embedding model" },
  );
  return row?.embedding_model ?? null;
}
