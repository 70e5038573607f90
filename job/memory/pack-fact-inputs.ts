import { headerTokens, messageTokens } from './excerpt-size.js';
import { DEFAULT_TOKENS_PER_CALL } from './fact-budget.js';
import type { FactInput } from './types.js';

/** The excerpts one extraction call reads. */
export interface FactBatch {
  inputs: FactInput[];
  tokens: number;
}

export interface PackOptions {
  /** Excerpt tokens per call at most. Default DEFAULT_TOKENS_PER_CALL. */
  maxTokensPerCall?: number;
}

/**
 * Packs excerpts into calls of at most `maxTokensPerCall` tokens, several small conversations
 * per call. Excerpts are taken best first (score: fact signal × recency × richness, then the
 * newest), each into the first open call it fits (first fit), so the earliest calls hold the
 * most valuable text and few calls go out half empty. An excerpt larger than a call (only when
 * the call size is set below the collector's per-conversation cap) is split between messages.
 * Deterministic: the same inputs give the same calls.
 */
export function packFactInputs(
  inputs: readonly FactInput[],
  options: PackOptions = {},
): FactBatch[] {
  const max = options.maxTokensPerCall ?? DEFAULT_TOKENS_PER_CALL;
  if (!Number.isInteger(max) || max < 100)
    throw new RangeError(`maxTokensPerCall must be a whole number ≥ 100, got ${max}`);
  const ranked = [...inputs].sort(
    (a, b) =>
      b.score - a.score ||
      (b.at ?? 0) - (a.at ?? 0) ||
      a.conversationId.localeCompare(b.conversationId),
  );
  const batches: FactBatch[] = [];
  for (const input of ranked.flatMap((i) => splitToFit(i, max))) {
    const open = batches.find((batch) => batch.tokens + input.tokens <= max);
    if (open) {
      open.inputs.push(input);
      open.tokens += input.tokens;
    } else batches.push({ inputs: [input], tokens: input.tokens });
  }
  return batches;
}

/** The excerpt itself when it fits, else consecutive runs of its messages that do. */
function splitToFit(input: FactInput, max: number): FactInput[] {
  if (input.tokens <= max) return [input];
  const header = headerTokens(input.title);
  const parts: FactInput[] = [];
  let current: FactInput | null = null;
  for (const message of input.messages) {
    const text =
      header + messageTokens(message.text) > max
        ? message.text.slice(0, (max - header) * 4 - 60)
        : message.text;
    const tokens = messageTokens(text);
    if (current === null || current.tokens + tokens > max) {
      current = { ...input, messages: [], tokens: header, score: input.score };
      parts.push(current);
    }
    current.messages.push({ ...message, text });
    current.tokens += tokens;
  }
  return parts;
}
