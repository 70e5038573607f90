import type { AccountContextCollector } from './account-context.js';
import { activeBranch } from './active-branch.js';
import {
  conversationSchema,
  describeIssues,
  nodeSchema,
  type RawMessage,
  toEpochMs,
} from './conversation-schema.js';
import type { ReportBuilder } from './export-report.js';
import { messageText } from './message-text.js';
import type { ExportItem, MessageRole, NormalizedMessage } from './types.js';

/** Content types that are never what the person saw (reference §2.7). */
const HIDDEN_CONTENT_TYPES = new Set([
  'thoughts',
  'reasoning_recap',
  'tether_browsing_display',
  'sonic_webpage',
  'system_error',
  'code',
  'execution_output',
  'user_editable_context',
  'model_editable_context',
  'app_pairing_content',
]);

export interface NormalizeContext {
  report: ReportBuilder;
  account: AccountContextCollector;
  includeDoNotRemember: boolean;
}

/**
 * Turns one parsed conversation into the branch the user saw, or a skip with a reason.
 * Harvests account context (custom instructions, memory) from the branch on the way.
 */
export function normalizeConversation(raw: unknown, ctx: NormalizeContext): ExportItem {
  const parsed = conversationSchema.safeParse(raw);
  if (!parsed.success) {
    const ids = looseIdentity(raw);
    return skipped(ctx, { ...ids, reason: 'invalid_shape', detail: describeIssues(parsed.error) });
  }
  const conv = parsed.data;
  const id = (conv.id ?? conv.conversation_id)!;
  const title = conv.title ?? null;
  const doNotRemember = conv.is_do_not_remember === true;
  if (doNotRemember && !ctx.includeDoNotRemember) {
    return skipped(ctx, { id, title, reason: 'do_not_remember' });
  }

  const { report } = ctx;
  const branch = activeBranch(conv.mapping, conv.current_node);
  if (branch.usedFallback) report.branchFallbacks++;
  report.branchNodesDropped += branch.offBranch;

  const conversationTime = conv.update_time ?? conv.create_time ?? 0;
  const messages: NormalizedMessage[] = [];
  let model = conv.default_model_slug ?? null;
  for (const nodeId of branch.nodeIds) {
    const node = nodeSchema.safeParse(conv.mapping[nodeId]);
    if (!node.success) {
      report.messagesDropped++;
      continue;
    }
    const message = node.data.message;
    if (!message) continue;
    const kept = visibleMessage(message, nodeId, conversationTime, ctx);
    if (!kept) {
      report.messagesDropped++;
      continue;
    }
    if (kept.role === 'assistant') {
      const slug = message.metadata?.model_slug;
      if (typeof slug === 'string' && conv.default_model_slug == null) model = slug;
    }
    const previous = messages[messages.length - 1];
    if (previous && previous.role === 'assistant' && kept.role === 'assistant') {
      previous.text = `${previous.text}\n\n${kept.text}`;
      continue;
    }
    messages.push(kept);
  }

  if (messages.length === 0) return skipped(ctx, { id, title, reason: 'no_messages' });

  for (const message of messages) {
    if (message.role === 'user') report.messagesUser++;
    else if (message.role === 'assistant') report.messagesAssistant++;
    else report.messagesSystem++;
    report.seeTime(message.createdAt);
  }
  report.conversationsRead++;
  return {
    kind: 'conversation',
    conversation: {
      id,
      title,
      createdAt: conv.create_time ?? firstTime(messages),
      updatedAt: conv.update_time ?? lastTime(messages),
      model,
      doNotRemember,
      messages,
    },
  };
}

/** Applies the drop rules; returns the kept message or null. Harvests account context first. */
function visibleMessage(
  message: RawMessage,
  nodeId: string,
  conversationTime: number,
  ctx: NormalizeContext,
): NormalizedMessage | null {
  const content = message.content;
  const metadata = message.metadata;
  const type = typeof content?.content_type === 'string' ? content.content_type : 'none';
  const role = message.author.role;
  ctx.report.contentTypes[type] = (ctx.report.contentTypes[type] ?? 0) + 1;

  if (content) {
    if (
      type === 'user_editable_context' ||
      (role === 'system' && metadata?.is_user_system_message === true)
    ) {
      ctx.account.addCustomInstructions(content, metadata, conversationTime);
    } else if (type === 'model_editable_context') {
      ctx.account.addMemorySnapshot(content, conversationTime);
    }
  }
  const recipient = message.recipient;
  if (role === 'assistant' && recipient != null && recipient !== 'all') {
    if (recipient === 'bio' && content) {
      ctx.account.addMemoryWrite(
        messageText(content, null, ctx.report.partTypes),
        toEpochMs(message.create_time) ?? conversationTime,
      );
    }
    return null;
  }
  if (!content || metadata?.is_visually_hidden_from_conversation === true) return null;
  if (message.weight === 0 || HIDDEN_CONTENT_TYPES.has(type)) return null;
  if (!isKeptRole(role, metadata)) return null;

  const text = messageText(content, metadata, ctx.report.partTypes);
  if (text === '') return null;
  return { id: message.id ?? nodeId, role, text, createdAt: toEpochMs(message.create_time) };
}

function isKeptRole(
  role: string,
  metadata: Record<string, unknown> | null | undefined,
): role is MessageRole {
  if (role === 'user' || role === 'assistant') return true;
  return role === 'system' && metadata?.is_user_system_message === true;
}

function skipped(
  ctx: NormalizeContext,
  item: {
    id: string | null;
    title: string | null;
    reason: Parameters<ReportBuilder['skip']>[0];
    detail?: string;
  },
): ExportItem {
  ctx.report.skip(item.reason);
  return { kind: 'skipped', skipped: item };
}

/** Id and title of something that failed validation, if they are at least strings. */
export function looseIdentity(raw: unknown): { id: string | null; title: string | null } {
  if (typeof raw !== 'object' || raw === null) return { id: null, title: null };
  const r = raw as Record<string, unknown>;
  const id =
    typeof r.id === 'string'
      ? r.id
      : typeof r.conversation_id === 'string'
        ? r.conversation_id
        : null;
  return { id, title: typeof r.title === 'string' ? r.title : null };
}

function firstTime(messages: NormalizedMessage[]): number | null {
  for (const m of messages) if (m.createdAt !== null) return m.createdAt;
  return null;
}

function lastTime(messages: NormalizedMessage[]): number | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const at = messages[i]!.createdAt;
    if (at !== null) return at;
  }
  return null;
}
