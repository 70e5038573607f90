import { z } from 'zod';
import { cleanCitations } from './clean-citations.js';
import {
  conversationFields,
  describeIssues,
  gizmoOf,
  isPlainObject,
} from './conversation-schema.js';
import { toEpochMs } from './export-time.js';
import { authorRole } from './message-role.js';
import { oneLine } from './message-text.js';
import type { ConversationDraft } from './normalize-conversation.js';
import type { NormalizedMessage, SkippedConversation } from './types.js';

/**
 * The pre-parsed form the old system accepted (ORIGINAL-SYSTEM.md): a conversation already in
 * `{messages: [{role, content}]}` form, with optional `title`, `create_time` and `id`, taken as it
 * is. `content` is a string or an array of parts (`{type: "text", text}`; image parts become
 * `[image]`). Messages of unknown roles, tool messages and empty ones are left out.
 */

const preParsedSchema = z.object({
  ...conversationFields,
  messages: z.array(z.unknown()),
});

export function preParsedConversation(
  raw: Record<string, unknown>,
): ConversationDraft | { skip: SkippedConversation } {
  const parsed = preParsedSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      skip: {
        id: null,
        title: null,
        reason: 'invalid_shape',
        detail: describeIssues(parsed.error),
      },
    };
  }
  const conv = parsed.data;
  const id = conv.id ?? conv.conversation_id ?? null;
  const messages: NormalizedMessage[] = [];
  conv.messages.forEach((entry, index) => {
    if (!isPlainObject(entry)) return;
    const role = authorRole(entry.role ?? (isPlainObject(entry.author) ? entry.author.role : null));
    if (role === null || role === 'tool') return;
    const text = cleanCitations(contentText(entry.content)).trim();
    if (!text) return;
    messages.push({
      id: typeof entry.id === 'string' && entry.id ? entry.id : `${id ?? 'message'}:${index}`,
      role,
      text,
      createdAt: toEpochMs(entry.create_time ?? entry.created_at ?? entry.timestamp),
    });
  });
  return {
    id,
    title: conv.title ?? null,
    createdAt: conv.create_time,
    updatedAt: conv.update_time,
    model: conv.default_model_slug ?? null,
    gizmo: gizmoOf(conv),
    doNotRemember: false,
    messages,
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const pieces: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') pieces.push(part);
    else if (!isPlainObject(part)) continue;
    else if (typeof part.text === 'string') pieces.push(part.text);
    else if (typeof part.type === 'string' && part.type.includes('image')) {
      const name = typeof part.name === 'string' ? part.name : '';
      pieces.push(name ? `[image: ${oneLine(name, 200)}]` : '[image]');
    }
  }
  return pieces.join('\n');
}
