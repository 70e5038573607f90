import { type Embedder, embedderId } from '../embed/embedder.js';
import { type EmbeddingUsage, embeddingCostUsd } from '../embed/embedding-usage.js';
import type { LlmCaller } from '../llm/llm-caller.js';

/**
 * The import's cost report, stored in user_profiles.import_cost and import_jobs.metrics: the
 * LLM's (per purpose, priced) and the embeddings' (calls, tokens, priced when the price is
 * known), with totals.
 */
export function costReport(
  llm: LlmCaller | null,
  embedder: Embedder,
  usage: EmbeddingUsage,
  embeddingPricePerMTokUsd: number | null,
) {
  const llmReport = llm?.costReport() ?? null;
  const embeddingUsd = embeddingCostUsd(usage, embeddingPricePerMTokUsd);
  const llmTokens = llmReport
    ? llmReport.inputTokens +
      llmReport.outputTokens +
      llmReport.cacheReadTokens +
      llmReport.cacheWriteTokens
    : 0;
  return {
    llm: llmReport,
    embeddings: {
      model: embedderId(embedder),
      calls: usage.calls,
      inputTokens: usage.inputTokens,
      retries: usage.retries,
      usd: embeddingUsd,
    },
    totalTokens: llmTokens + usage.inputTokens,
    totalUsd: roundUsd((llmReport?.usd ?? 0) + (embeddingUsd ?? 0)),
  };
}

function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
