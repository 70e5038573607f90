/**
 * What embedding cost, for the import's cost report. `embedTexts` adds to one of these per run.
 * `calls` counts requests that returned vectors (the billed ones); `retries` counts failed
 * attempts that were retried (throttling, server errors, timeouts).
 */
export class EmbeddingUsage {
  calls = 0;
  inputTokens = 0;
  retries = 0;

  addCall(inputTokens: number): void {
    this.calls += 1;
    this.inputTokens += inputTokens;
  }

  addRetry(): void {
    this.retries += 1;
  }
}

/** USD per million input tokens for models whose list price we know. */
const KNOWN_PRICES_PER_MTOK_USD: Readonly<Record<string, number>> = {
  'amazon.titan-embed-text-v2:0': 0.02,
  'text-embedding-3-small': 0.02,
  'text-embedding-3-large': 0.13,
};

/**
 * The default price of a model in USD per million input tokens: 0 for the lexical embedder,
 * the list price for known models, `null` when unknown (set EMBEDDING_PRICE_PER_MTOK).
 */
export function defaultPricePerMTokUsd(provider: string, model: string): number | null {
  if (provider === 'lexical') return 0;
  return KNOWN_PRICES_PER_MTOK_USD[model] ?? null;
}

/** The cost in USD of `usage` at `pricePerMTokUsd`; `null` when the price is unknown. */
export function embeddingCostUsd(
  usage: Pick<EmbeddingUsage, 'inputTokens'>,
  pricePerMTokUsd: number | null,
): number | null {
  if (pricePerMTokUsd === null) return null;
  return (usage.inputTokens / 1_000_000) * pricePerMTokUsd;
}
