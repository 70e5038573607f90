import { describe, expect, it } from 'vitest';
import { defaultPricePerMTokUsd, EmbeddingUsage, embeddingCostUsd } from './embedding-usage.js';

describe('EmbeddingUsage and its price', () => {
  it('adds calls, tokens and retries', () => {
    const usage = new EmbeddingUsage();
    usage.addCall(1200);
    usage.addCall(800);
    usage.addRetry();
    expect(usage).toMatchObject({ calls: 2, inputTokens: 2000, retries: 1 });
  });

  it('prices Titan v2 at $0.02 per million tokens, lexical at 0, unknown models as null', () => {
    expect(defaultPricePerMTokUsd('bedrock-titan', 'amazon.titan-embed-text-v2:0')).toBe(0.02);
    expect(defaultPricePerMTokUsd('lexical', 'feature-hash-v1')).toBe(0);
    expect(defaultPricePerMTokUsd('openai-compatible', 'nomic-embed-text')).toBeNull();
    expect(embeddingCostUsd({ inputTokens: 5_000_000 }, 0.02)).toBeCloseTo(0.1, 10);
    expect(embeddingCostUsd({ inputTokens: 5_000_000 }, null)).toBeNull();
  });
});
