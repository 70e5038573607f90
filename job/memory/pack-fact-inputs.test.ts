import { describe, expect, it } from 'vitest';
import { headerTokens, messageTokens } from './excerpt-size.js';
import { packFactInputs } from './pack-fact-inputs.js';
import type { FactInput } from './types.js';

function input(id: string, score: number, chars: number, at = Date.UTC(2026, 0, 1)): FactInput {
  const text = 'x'.repeat(chars);
  return {
    conversationId: id,
    title: id,
    at,
    messages: [{ role: 'user', text }],
    tokens: headerTokens(id) + messageTokens(text),
    score,
  };
}

describe('packFactInputs', () => {
  it('puts several small conversations in one call, never over the limit', () => {
    const inputs = Array.from({ length: 40 }, (_, i) => input(`c${i}`, 40 - i, 200 + 37 * i));
    const batches = packFactInputs(inputs, { maxTokensPerCall: 2_000 });
    const total = inputs.reduce((sum, i) => sum + i.tokens, 0);

    expect(batches.length).toBe(Math.ceil(total / 2_000));
    for (const batch of batches) {
      expect(batch.tokens).toBeLessThanOrEqual(2_000);
      expect(batch.tokens).toBe(batch.inputs.reduce((sum, i) => sum + i.tokens, 0));
      expect(batch.inputs.length).toBeGreaterThan(1);
    }
    expect(batches.flatMap((b) => b.inputs.map((i) => i.conversationId)).sort()).toEqual(
      inputs.map((i) => i.conversationId).sort(),
    );
  });

  it('orders by score, then recency: the first call reads the best excerpts', () => {
    const batches = packFactInputs(
      [
        input('weak', 1, 3_000),
        input('older', 5, 3_000, Date.UTC(2024, 0, 1)),
        input('newer', 5, 3_000, Date.UTC(2026, 0, 1)),
        input('best', 9, 3_000),
      ],
      { maxTokensPerCall: 1_600 },
    );
    expect(batches.map((b) => b.inputs.map((i) => i.conversationId))).toEqual([
      ['best', 'newer'],
      ['older', 'weak'],
    ]);
  });

  it('splits an excerpt larger than one call between its messages', () => {
    const big: FactInput = {
      ...input('big', 3, 0),
      messages: Array.from({ length: 6 }, (_, i) => ({
        role: 'user' as const,
        text: `${i}`.repeat(1_000),
      })),
    };
    big.tokens = headerTokens('big') + big.messages.reduce((s, m) => s + messageTokens(m.text), 0);
    const batches = packFactInputs([big], { maxTokensPerCall: 700 });
    expect(batches.length).toBe(3);
    for (const batch of batches) expect(batch.tokens).toBeLessThanOrEqual(700);
    expect(batches.flatMap((b) => b.inputs.flatMap((i) => i.messages))).toEqual(big.messages);
  });
});
