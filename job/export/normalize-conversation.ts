import type { AccountContextSink } from './account-context.js';
import { activeBranch } from './active-branch.js';
import { CanvasDocuments } from './canvas-documents.js';
import {
  conversationSchema,
  describeIssues,
  gizmoOf,
  isPlainObject,
  nodeSchema,
} from './conversation-schema.js';
import { derivedConversationId } from './derived-id.js';
import type { ReportBuilder } from './export-report.js';
import { toEpochMs } from './export-time.js';
import { preParsedConversation } from './pre-parsed-conversation.js';
import { MAX_MESSAGE_CHARS } from './read-limits.js';
import { storableOrNull, storableText } from './storable-text.js';
import type {
  ExportItem,
  NormalizedConversation,
  NormalizedMessage,
  SkippedConversation,
} from './types.js';
import { visibleMessage } from './visible-message.js';

export interface NormalizeContext {
  report: ReportBuilder;
  account: AccountContextSink;
  includeDoNotRemember: boolean;
}

/** What both forms of conversation give before their messages are counted. */
export interface ConversationDraft {
  id: string | null;
  title: string | null;
  createdAt: number | null;
  updatedAt: number | null;
  model: string | null;
  gizmo: NormalizedConversation['gizmo'];
  doNotRemember: boolean;
  messages: NormalizedMessage[];
}

/**
 * Turns one parsed conversation into the branch the user saw, or a skip with a reason. Reads
 * ChatGPT's mapping form (a tree of nodes) and the pre-parsed `{messages: [{role, content}]}`
 * form the old system accepted. Harvests account context (custom instructions, memory) from the
 * branch on the way.
 */
export function normalizeConversation(raw: unknown, ctx: NormalizeContext): ExportItem {
  if (isPlainObject(raw) && !('mapping' in raw) && Array.isArray(raw.messages)) {
    const draft = preParsedConversation(raw);
    if ('skip' in draft) return skipped(ctx, draft.skip);
    return finishConversation(draft, ctx);
  }
  const parsed = conversationSchema.safeParse(raw);
  if (!parsed.success) {
    const ids = looseIdentity(raw);
    return skipped(ctx, { ...ids, reason: 'invalid_shape', detail: describeIssues(parsed.error) });
  }
  const conv = parsed.data;
  const id = conv.id ?? conv.conversation_id ?? null;
  const title = conv.title ?? null;
  const doNotRemember = conv.is_do_not_remember === true;
  if (doNotRemember && !ctx.includeDoNotRemember) {
    return skipped(ctx, { id, title, reason: 'do_not_remember' });
  }

  const { report } = ctx;
  const branch = activeBranch(conv.mapping, conv.current_node);
  if (branch.usedFallback) report.branchFallbacks++;
  report.branchNodesDropped += branch.offBranch;

  const canvas = new CanvasDocuments();
  const visible = {
    report,
    account: ctx.account,
    canvas,
    conversationTime: conv.update_time ?? conv.create_time ?? 0,
  };
  const messages: NormalizedMessage[] = [];
  let lastModel: string | null = null;
  for (const nodeId of branch.nodeIds) {
    const node = nodeSchema.safeParse(conv.mapping[nodeId]);
    if (!node.success) {
      report.messagesDropped++;
      continue;
    }
    const message = node.data.message;
    if (!message) continue;
    const kept = visibleMessage(message, visible);
    if (!kept) {
      report.messagesDropped++;
      continue;
    }
    if (kept.role === 'assistant' && typeof message.metadata?.model_slug === 'string') {
      lastModel = message.metadata.model_slug;
    }
    const holder = appendMessage(messages, {
      id: message.id ?? nodeId,
      role: kept.role,
      text: kept.text,
      createdAt: toEpochMs(message.create_time),
    });
    if (kept.canvas) canvas.placed(holder);
  }
  report.canvasEditsSkipped += canvas.skippedEdits;

  const defaultModel = conv.default_model_slug ?? null;
  return finishConversation(
    {
      id,
      title,
      createdAt: conv.create_time,
      updatedAt: conv.update_time,
      model:
        defaultModel === null || defaultModel === 'auto'
          ? (lastModel ?? defaultModel)
          : defaultModel,
      gizmo: gizmoOf(conv),
      doNotRemember,
      messages,
    },
    ctx,
  );
}

/** Adds a message, merging consecutive assistant turns into one; returns the message holding it. */
function appendMessage(
  messages: NormalizedMessage[],
  message: NormalizedMessage,
): NormalizedMessage {
  const previous = messages[messages.length - 1];
  if (previous && previous.role === 'assistant' && message.role === 'assistant') {
    previous.text = `${previous.text}\n\n${message.text}`;
    return previous;
  }
  messages.push(message);
  return message;
}

/**
 * The common end of both forms: skips a conversation with nothing visible, gives one without an
 * id a derived id and fills missing times from its messages. The reader counts what it keeps
 * (`ReportBuilder.count`), once it knows the conversation is not a duplicate.
 */
export function finishConversation(draft: ConversationDraft, ctx: NormalizeContext): ExportItem {
  const { messages } = draft;
  if (messages.length === 0) {
    return skipped(ctx, { id: draft.id, title: draft.title, reason: 'no_messages' });
  }
  const idDerived = draft.id === null;
  for (const message of messages) {
    message.text = boundedText(message.text);
    message.id = storableText(message.id);
  }
  const title = storableOrNull(draft.title);
  return {
    kind: 'conversation',
    conversation: {
      id:
        draft.id === null
          ? derivedConversationId(title, draft.createdAt, messages)
          : storableText(draft.id),
      idDerived,
      title,
      createdAt: draft.createdAt ?? firstTime(messages),
      updatedAt: draft.updatedAt ?? lastTime(messages),
      model: draft.model,
      gizmo: draft.gizmo,
      doNotRemember: draft.doNotRemember,
      messages,
    },
  };
}

function skipped(ctx: NormalizeContext, item: SkippedConversation): ExportItem {
  ctx.report.skip(item.reason);
  return { kind: 'skipped', skipped: item };
}

/** Id and title of something that failed validation, if they are at least strings. */
export function looseIdentity(raw: unknown): { id: string | null; title: string | null } {
  if (!isPlainObject(raw)) return { id: null, title: null };
  const id =
    typeof raw.id === 'string'
      ? raw.id
      : typeof raw.conversation_id === 'string'
        ? raw.conversation_id
        : null;
  return { id, title: typeof raw.title === 'string' ? raw.title : null };
}

/**
 * A message's text, storable and at most MAX_MESSAGE_CHARS: a single message longer than
 * anything ChatGPT accepts or writes is an upload built to cost memory, and is cut with a mark.
 */
function boundedText(text: string): string {
  const cut =
    text.length > MAX_MESSAGE_CHARS
      ? `${text.slice(0, MAX_MESSAGE_CHARS)}\n[… ${(text.length - MAX_MESSAGE_CHARS).toLocaleString('en-US')} more characters not kept]`
      : text;
  return storableText(cut);
}

/** The earliest message time (messages are in order, but a child can be a few ms early). */
function firstTime(messages: NormalizedMessage[]): number | null {
  let first: number | null = null;
  for (const m of messages)
    if (m.createdAt !== null && (first === null || m.createdAt < first)) first = m.createdAt;
  return first;
}

function lastTime(messages: NormalizedMessage[]): number | null {
  let last: number | null = null;
  for (const m of messages)
    if (m.createdAt !== null && (last === null || m.createdAt > last)) last = m.createdAt;
  return last;
}
