import type { NormalizedConversation } from '../../job/export/types.js';

/**
 * The old full pass's input (ORIGINAL-SYSTEM.md): each conversation's text, messages over
 * 5,000 characters truncated, cut into ~2,000-token (8,000-character) chunks with a 200-token
 * (800-character) overlap, split at ". ", "? ", "! " or a newline; every chunk was sent whole
 * to the model, one call each.
 */
const CHUNK_CHARS = 8_000;
const OVERLAP_CHARS = 800;
const MAX_MESSAGE_CHARS = 5_000;

export function oldChunks(conversation: NormalizedConversation): string[] {
  const text = conversation.messages
    .map(
      (m) =>
        `${m.role}: ${m.text.length > MAX_MESSAGE_CHARS ? m.text.slice(0, MAX_MESSAGE_CHARS) : m.text}`,
    )
    .join('\n\n');
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) {
      const window = text.slice(start, end);
      const cut = Math.max(
        window.lastIndexOf('. '),
        window.lastIndexOf('? '),
        window.lastIndexOf('! '),
        window.lastIndexOf('\n'),
      );
      if (cut > CHUNK_CHARS / 2) end = start + cut + 1;
    }
    chunks.push(text.slice(start, end));
    if (end >= text.length) break;
    start = end - OVERLAP_CHARS;
  }
  return chunks;
}
