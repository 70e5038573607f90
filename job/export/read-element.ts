import type { NormalizeContext } from './normalize-conversation.js';
import { looseIdentity, normalizeConversation } from './normalize-conversation.js';
import type { ExportItem } from './types.js';

/**
 * One conversation's bytes to a normalized conversation (or why it was skipped): decode, the
 * native `JSON.parse`, normalize. The same steps on the reading thread and, for the elements it
 * takes, on the splitting thread (split-service.ts). `claude` says the element is a Claude
 * conversation, which the reader refuses when it is the export's first.
 */
export function readConversationElement(
  bytes: Buffer,
  offset: number,
  ctx: NormalizeContext,
): { item: ExportItem; claude: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    ctx.report.skip('invalid_json');
    const skipped = {
      id: null,
      title: null,
      reason: 'invalid_json' as const,
      detail: `at byte ${offset}`,
    };
    return { item: { kind: 'skipped', skipped }, claude: false };
  }
  const claude = isClaudeConversation(raw);
  const item = normalizeConversation(raw, ctx);
  if (item.kind === 'skipped' && item.skipped.id === null) {
    item.skipped = { ...item.skipped, ...looseIdentity(raw) };
  }
  return { item, claude };
}

/** Claude exports are arrays of `{uuid, name, chat_messages}`; ChatGPT's never have those. */
function isClaudeConversation(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  return 'chat_messages' in r || ('uuid' in r && 'name' in r && !('mapping' in r));
}
