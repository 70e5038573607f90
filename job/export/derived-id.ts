import { createHash } from 'node:crypto';
import { uuidFromHex } from './conversation-copies.js';
import type { NormalizedMessage } from './types.js';

/**
 * An id for a conversation whose file has neither `id` nor `conversation_id` (saved single
 * chats, other tools' exports): the same conversation in the same file gets the same id on every
 * run, so resume and re-import work. It is taken from how the conversation starts (title,
 * creation time, first message), which a continued conversation keeps; look-alikes in one file
 * are told apart by conversation-copies.ts.
 */
export function derivedConversationId(
  title: string | null,
  createdAt: number | null,
  messages: readonly NormalizedMessage[],
): string {
  const first = messages[0];
  const hex = createHash('sha256')
    .update('soulprint:derived-conversation-id:1\0')
    .update(`${title ?? ''}\0${createdAt ?? ''}\0`)
    .update(first ? `${first.role}\0${first.createdAt ?? ''}\0${first.text}` : '')
    .digest('hex');
  return uuidFromHex(hex);
}
