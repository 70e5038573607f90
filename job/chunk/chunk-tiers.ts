import type { ChunkTier } from '../../core/db/index.js';

/** How big the chunks of one tier are, in characters (the header included). */
export interface TierSpec {
  tier: ChunkTier;
  /** No chunk of the tier is longer (a single unbreakable run is cut to fit). */
  maxChars: number;
  /** How much of the previous chunk's end the next one repeats, at most. */
  overlapChars: number;
}

/**
 * micro: an exchange or a few sentences (names, dates, precise facts);
 * medium: a stretch of conversation; macro: themes across a long conversation.
 */
export const DEFAULT_TIERS: readonly TierSpec[] = [
  { tier: 'micro', maxChars: 500, overlapChars: 80 },
  { tier: 'medium', maxChars: 2000, overlapChars: 200 },
  { tier: 'macro', maxChars: 6000, overlapChars: 500 },
];

/** Characters per token, for estimates (the usual rule of thumb for English text). */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
