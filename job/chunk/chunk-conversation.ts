import type { ChunkTier } from '../../core/db/index.js';
import type { MessageRole, NormalizedConversation } from '../export/types.js';
import { estimateTokens, type TierSpec } from './chunk-tiers.js';
import { splitText } from './split-text.js';

/** One retrieval chunk of a conversation, before it gets ids and an embedding. */
export interface TextChunk {
  tier: ChunkTier;
  index: number;
  /** The conversation's title and date on the first line, then `User:` / `Assistant:` turns. */
  content: string;
  /** Indices into the conversation's messages: the first and last covered. */
  messageStart: number;
  messageEnd: number;
  messageCount: number;
  tokenCount: number;
  /** Newest time of the messages in the chunk (epoch ms), or null. */
  newestMessageAt: number | null;
}

const LABELS: Record<MessageRole, string> = {
  user: 'User: ',
  assistant: 'Assistant: ',
  system: 'Instructions: ',
};
const CONTINUED = '… ';

interface Unit {
  message: number;
  text: string;
}

/**
 * Cuts a conversation into chunks of one tier: messages stay whole when they fit, long ones
 * are split at paragraph, sentence or word boundaries (split-text.ts), consecutive units are
 * packed up to the tier's size, and each chunk repeats a little of the previous one's end.
 * Every message is in at least one chunk; no chunk is longer than `maxChars`; order is kept;
 * the same input always gives the same chunks.
 */
export function chunkConversation(
  conversation: NormalizedConversation,
  spec: TierSpec,
): TextChunk[] {
  const header = chunkHeader(conversation, spec.maxChars);
  const budget = spec.maxChars - header.length - 1;
  const units = messageUnits(conversation, budget);
  const chunks: TextChunk[] = [];
  let current: Unit[] = [];
  let length = 0;
  const emit = () => {
    chunks.push(buildChunk(conversation, spec.tier, chunks.length, header, current));
  };
  for (const unit of units) {
    if (current.length > 0 && length + 1 + unit.text.length > budget) {
      emit();
      const overlap = overlapOf(
        current[current.length - 1]!,
        spec.overlapChars,
        budget - 1 - unit.text.length,
      );
      current = overlap ? [overlap] : [];
      length = overlap ? overlap.text.length : 0;
    }
    length = current.length === 0 ? unit.text.length : length + 1 + unit.text.length;
    current.push(unit);
  }
  if (current.length > 0) emit();
  return chunks;
}

/** `Title (2025-03-14)`; long titles are shortened so the header never crowds out the text. */
export function chunkHeader(conversation: NormalizedConversation, maxChars: number): string {
  const titleMax = Math.max(16, Math.min(100, Math.floor(maxChars / 5)));
  const raw = conversation.title?.trim().replace(/\s+/g, ' ') || 'Untitled conversation';
  const title = raw.length > titleMax ? `${raw.slice(0, titleMax - 1)}…` : raw;
  const at = conversation.createdAt ?? conversation.messages[0]?.createdAt ?? null;
  return at === null ? title : `${title} (${new Date(at).toISOString().slice(0, 10)})`;
}

function messageUnits(conversation: NormalizedConversation, budget: number): Unit[] {
  const units: Unit[] = [];
  conversation.messages.forEach((message, index) => {
    const label = LABELS[message.role];
    for (const piece of splitText(message.text, budget - label.length)) {
      units.push({ message: index, text: label + piece });
    }
  });
  return units;
}

/**
 * What the next chunk repeats of the previous one: its last unit when short, else the end of
 * that unit from a word boundary, marked as continued. Null when nothing fits `room`.
 */
function overlapOf(last: Unit, overlapChars: number, room: number): Unit | null {
  const limit = Math.min(overlapChars, room);
  if (limit <= 0) return null;
  if (last.text.length <= limit) return last;
  const labelEnd = last.text.indexOf(': ') + 2;
  const label = last.text.slice(0, labelEnd);
  const tailLength = limit - label.length - CONTINUED.length;
  if (tailLength < 12) return null;
  let tail = last.text.slice(last.text.length - tailLength);
  const space = tail.indexOf(' ');
  if (space !== -1 && space < tail.length - 1) tail = tail.slice(space + 1);
  return { message: last.message, text: label + CONTINUED + tail };
}

function buildChunk(
  conversation: NormalizedConversation,
  tier: ChunkTier,
  index: number,
  header: string,
  units: Unit[],
): TextChunk {
  const content = `${header}\n${units.map((u) => u.text).join('\n')}`;
  const first = units[0]!.message;
  const last = units[units.length - 1]!.message;
  let newest: number | null = null;
  for (let i = first; i <= last; i++) {
    const at = conversation.messages[i]?.createdAt ?? null;
    if (at !== null && (newest === null || at > newest)) newest = at;
  }
  return {
    tier,
    index,
    content,
    messageStart: first,
    messageEnd: last,
    messageCount: last - first + 1,
    tokenCount: estimateTokens(content),
    newestMessageAt: newest,
  };
}
