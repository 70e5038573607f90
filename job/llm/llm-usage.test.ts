import { describe, expect, it } from 'vitest';
import { HAIKU_4_5_PRICES, priceUsage } from './llm-pricing.js';
import { LlmUsageLedger } from './llm-usage.js';

describe('LlmUsageLedger', () => {
  it('reports zero, with the prices used, before any call', () => {
    const ledger = new LlmUsageLedger({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      prices: HAIKU_4_5_PRICES,
    });
    expect(ledger.costReport()).toEqual({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      calls: 0,
      retries: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      usd: 0,
      pricesPerMTok: { ...HAIKU_4_5_PRICES },
      byPurpose: {},
    });
  });

  it('counts retries of a purpose that never got an answer', () => {
    const ledger = new LlmUsageLedger({
      provider: 'bedrock',
      model: 'm',
      prices: HAIKU_4_5_PRICES,
    });
    ledger.recordRetry('facts');
    expect(ledger.costReport().byPurpose.facts).toMatchObject({ calls: 0, retries: 1, usd: 0 });
  });

  it('the report is plain JSON that survives a round trip', () => {
    const ledger = new LlmUsageLedger({
      provider: 'anthropic',
      model: 'm',
      prices: HAIKU_4_5_PRICES,
    });
    ledger.record('facts', {
      inputTokens: 3,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    const report = ledger.costReport();
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('priceUsage', () => {
  it('prices each kind of token at its own rate, without floating-point noise', () => {
    const usage = {
      inputTokens: 1_234_567,
      outputTokens: 89_012,
      cacheWriteTokens: 3,
      cacheReadTokens: 7,
    };
    expect(priceUsage(usage, HAIKU_4_5_PRICES)).toBe(1.67963145);
    expect(priceUsage({ ...usage, inputTokens: 0, outputTokens: 0 }, HAIKU_4_5_PRICES)).toBe(
      0.00000445,
    );
  });
});
