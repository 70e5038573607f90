import { AccountContextCollector } from '../../job/export/account-context.js';
import { ReportBuilder } from '../../job/export/export-report.js';
import {
  type NormalizeContext,
  normalizeConversation,
} from '../../job/export/normalize-conversation.js';
import type { ExportItem, NormalizedConversation } from '../../job/export/types.js';

/** Small ChatGPT conversations for reader tests, built node by node. */

export type Msg = Record<string, unknown>;

/** A linear conversation: root (null message) then one node per message, current_node = last. */
export function conversation(
  messages: Msg[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const mapping: Record<string, unknown> = { root: { id: 'root', parent: null, message: null } };
  let parent = 'root';
  messages.forEach((message, i) => {
    const id = `m${i}`;
    mapping[id] = { id, parent, message: { id, ...message } };
    parent = id;
  });
  return {
    id: 'c1',
    title: 'A title',
    create_time: 1_700_000_000,
    mapping,
    current_node: parent,
    ...extra,
  };
}

export const user = (text: string, more: Msg = {}): Msg => ({
  author: { role: 'user' },
  content: { content_type: 'text', parts: [text] },
  ...more,
});

export const assistant = (text: string, more: Msg = {}): Msg => ({
  author: { role: 'assistant' },
  content: { content_type: 'text', parts: [text] },
  recipient: 'all',
  ...more,
});

export function normalizeContext(
  includeDoNotRemember = false,
): NormalizeContext & { account: AccountContextCollector } {
  return {
    report: new ReportBuilder(),
    account: new AccountContextCollector(),
    includeDoNotRemember,
  };
}

/** The normalized conversation; throws with the reason when it was skipped. */
export function readConversation(raw: unknown, ctx = normalizeContext()): NormalizedConversation {
  const item: ExportItem = normalizeConversation(raw, ctx);
  if (item.kind !== 'conversation')
    throw new Error(`skipped: ${item.skipped.reason} ${item.skipped.detail ?? ''}`);
  return item.conversation;
}

export const turns = (c: NormalizedConversation) => c.messages.map((m) => `${m.role}: ${m.text}`);
