import { estimateTokens } from '../chunk/chunk-tiers.js';

/**
 * Token estimates for excerpts as `wrapConversations` lays them out (characters / 4, the
 * project's rule of thumb), so the budget counts what the prompt will really hold.
 */

/** `<message from="assistant">` + newlines + `</message>`. */
const MESSAGE_OVERHEAD_CHARS = 40;
/** `<conversation n="123" title="…" date="2024-01-01">` + `</conversation>`, title excluded. */
const HEADER_OVERHEAD_CHARS = 70;

export function messageTokens(text: string): number {
  return Math.ceil((text.length + MESSAGE_OVERHEAD_CHARS) / 4);
}

export function headerTokens(title: string | null): number {
  return Math.ceil((HEADER_OVERHEAD_CHARS + (title?.length ?? 0)) / 4);
}

export { estimateTokens };
