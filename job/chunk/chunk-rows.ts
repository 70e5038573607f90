import { createHash } from 'node:crypto';
import type { ChunkMetadata, ChunkRow } from '../../core/db/index.js';
import type { NormalizedConversation } from '../export/types.js';
import { chunkConversation } from './chunk-conversation.js';
import { DEFAULT_TIERS, type TierSpec } from './chunk-tiers.js';

/** How far back from the export's newest message a chunk still counts as recent. */
export const RECENT_WINDOW_MS = 180 * 24 * 60 * 60 * 1000;

export interface ChunkRowContext {
  userId: string;
  importId: string;
  tiers?: readonly TierSpec[];
  /**
   * Chunks whose newest message is at or after this time are recent: the export's newest
   * message minus 180 days (not today: an old export is still about its own recent past).
   * Null when not known yet (everything false until it is set).
   */
  recentSince: number | null;
}

/** All tiers' chunks of one conversation, as database rows without embeddings. */
export function chunkRows(conversation: NormalizedConversation, ctx: ChunkRowContext): ChunkRow[] {
  const rows: ChunkRow[] = [];
  const metadata = chunkMetadata(conversation);
  for (const spec of ctx.tiers ?? DEFAULT_TIERS) {
    for (const chunk of chunkConversation(conversation, spec)) {
      const at = chunk.newestMessageAt ?? conversation.updatedAt ?? conversation.createdAt;
      rows.push({
        id: chunkId(ctx.importId, conversation.id, chunk.tier, chunk.index),
        userId: ctx.userId,
        importId: ctx.importId,
        conversationId: conversation.id,
        conversationTitle: conversation.title,
        content: chunk.content,
        chunkTier: chunk.tier,
        chunkIndex: chunk.index,
        messageStart: chunk.messageStart,
        messageEnd: chunk.messageEnd,
        messageCount: chunk.messageCount,
        tokenCount: chunk.tokenCount,
        conversationCreatedAt: conversation.createdAt,
        isRecent: ctx.recentSince !== null && at !== null && at >= ctx.recentSince,
        metadata,
      });
    }
  }
  return rows;
}

/** The conversation's model and custom GPT / project, for every chunk of it. */
export function chunkMetadata(conversation: NormalizedConversation): ChunkMetadata {
  const metadata: ChunkMetadata = {};
  if (conversation.model) metadata.model = conversation.model;
  const gizmo = conversation.gizmo;
  if (gizmo?.id) metadata.gizmoId = gizmo.id;
  if (gizmo?.type) metadata.gizmoType = gizmo.type;
  if (gizmo?.templateId) metadata.templateId = gizmo.templateId;
  return metadata;
}

/**
 * The same import, conversation, tier and position always give the same id (a re-run inserts
 * nothing twice); another import of the same conversation gives another.
 */
export function chunkId(
  importId: string,
  conversationId: string,
  tier: string,
  index: number,
): string {
  return createHash('sha256')
    .update(`${importId}\0${conversationId}\0${tier}\0${index}`)
    .digest('hex')
    .slice(0, 32);
}

/** `recentSince` for an export whose newest message is at `newestAt`. */
export function recentSinceFor(newestAt: number | null): number | null {
  return newestAt === null ? null : newestAt - RECENT_WINDOW_MS;
}
