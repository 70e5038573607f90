import type { LlmUsage } from './llm-client.js';

/** USD per million tokens, per kind of token. */
export interface LlmPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Writing the prompt cache (5-minute TTL). */
  cacheWritePerMTok: number;
  /** Reading from the prompt cache. */
  cacheReadPerMTok: number;
}

/** Claude Haiku 4.5 list prices: $1 in, $5 out, $1.25 cache write (5 min), $0.10 cache read. */
export const HAIKU_4_5_PRICES: Readonly<LlmPrices> = Object.freeze({
  inputPerMTok: 1,
  outputPerMTok: 5,
  cacheWritePerMTok: 1.25,
  cacheReadPerMTok: 0.1,
});

/** The price of `usage` in USD, rounded to 1e-9 so sums print without floating-point noise. */
export function priceUsage(usage: LlmUsage, prices: LlmPrices): number {
  const perMillion =
    usage.inputTokens * prices.inputPerMTok +
    usage.outputTokens * prices.outputPerMTok +
    usage.cacheWriteTokens * prices.cacheWritePerMTok +
    usage.cacheReadTokens * prices.cacheReadPerMTok;
  return Math.round(perMillion * 1000) / 1e9;
}
