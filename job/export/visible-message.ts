import type { AccountContextSink } from './account-context.js';
import type { CanvasDocuments } from './canvas-documents.js';
import type { RawMessage } from './conversation-schema.js';
import type { ReportBuilder } from './export-report.js';
import { toEpochMs } from './export-time.js';
import { authorRole } from './message-role.js';
import { messageText } from './message-text.js';
import { quotedSource, shownCode, toolResultText } from './tool-results.js';
import type { MessageRole } from './types.js';

/** Content types whose text is a turn of the conversation as the person saw it. */
const TEXT_CONTENT_TYPES = new Set(['text', 'multimodal_text']);

export interface VisibleMessageContext {
  report: ReportBuilder;
  account: AccountContextSink;
  canvas: CanvasDocuments;
  /** The conversation's time, for account context that has no time of its own. */
  conversationTime: number;
}

export interface VisibleMessage {
  role: MessageRole;
  text: string;
  /** A canvas document: its holder must be reported to `canvas.placed`. */
  canvas: boolean;
}

/**
 * What the person saw of one message on the branch, or null when it is not part of the
 * conversation they saw (reference §2.7): scaffolding, hidden and thinking messages, tool calls
 * and model-facing tool traffic, empty turns. Visible tool results (generated images, quoted
 * sources, Code Interpreter code and output) and canvas documents are kept as the assistant's
 * text. Harvests the account context (custom instructions, saved memory, memory writes) first.
 */
export function visibleMessage(
  message: RawMessage,
  ctx: VisibleMessageContext,
): VisibleMessage | null {
  const { content, metadata } = message;
  const type = typeof content?.content_type === 'string' ? content.content_type : 'none';
  const role = authorRole(message.author.role);
  ctx.report.contentTypes[type] = (ctx.report.contentTypes[type] ?? 0) + 1;
  harvestAccountContext(message, role, type, ctx);

  if (!content || message.weight === 0) return null;
  if (metadata?.is_visually_hidden_from_conversation === true) return null;
  if (metadata?.is_thinking_preamble_message === true) return null;

  if (role === 'tool') return assistantText(toolResultText(message, ctx.report.partTypes));
  if (role === 'assistant') return assistantMessage(message, type, ctx);
  if (!TEXT_CONTENT_TYPES.has(type)) return null;
  if (role === 'system' && metadata?.is_user_system_message !== true) return null;
  if (role !== 'user' && role !== 'system') return null;
  const text = messageText(content, metadata, ctx.report.partTypes);
  return text ? { role, text, canvas: false } : null;
}

function assistantMessage(
  message: RawMessage,
  type: string,
  ctx: VisibleMessageContext,
): VisibleMessage | null {
  const recipient = message.recipient;
  if (ctx.canvas.handles(message)) {
    const document = ctx.canvas.read(message);
    return document ? { role: 'assistant', text: document, canvas: true } : null;
  }
  if (type === 'code') return assistantText(shownCode(message));
  // Any other message addressed to a tool is a call the person did not see.
  if (recipient != null && recipient !== 'all') return null;
  if (type === 'tether_quote') return assistantText(quotedSource(message.content!));
  if (!TEXT_CONTENT_TYPES.has(type)) return null;
  return assistantText(messageText(message.content!, message.metadata, ctx.report.partTypes));
}

function assistantText(text: string | null): VisibleMessage | null {
  return text ? { role: 'assistant', text, canvas: false } : null;
}

function harvestAccountContext(
  message: RawMessage,
  role: string | null,
  type: string,
  ctx: VisibleMessageContext,
): void {
  const { content, metadata } = message;
  if (!content) return;
  if (
    type === 'user_editable_context' ||
    (role === 'system' && metadata?.is_user_system_message === true)
  ) {
    ctx.account.addCustomInstructions(content, metadata, ctx.conversationTime);
  } else if (type === 'model_editable_context') {
    ctx.account.addMemorySnapshot(content, ctx.conversationTime);
  } else if (role === 'assistant' && message.recipient === 'bio') {
    ctx.account.addMemoryWrite(
      messageText(content, null, ctx.report.partTypes),
      toEpochMs(message.create_time) ?? ctx.conversationTime,
    );
  }
}
