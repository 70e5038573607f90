import { describe, expect, it } from 'vitest';
import { syntheticConversations } from './conversation-stream.js';
import { resolveOptions } from './options.js';
import { deriveSeed, Prng } from './prng.js';
import { visibleMessages } from './reference-reader.js';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const take = (seed: number) =>
      Array.from({ length: 5 }, () => new Prng(seed)).map((r) => r.uint32());
    expect(take(42)).toEqual(take(42));
    const a = new Prng(42);
    const b = new Prng(43);
    expect([a.uint32(), a.uint32()]).not.toEqual([b.uint32(), b.uint32()]);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });

  it('keeps helpers within range and ids well formed', () => {
    const rng = new Prng(7);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
      expect(rng.next()).toBeLessThan(1);
    }
    expect(rng.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(rng.base62(22)).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(rng.hex(3)).toMatch(/^[0-9a-f]{6}$/);
  });
});

describe('options', () => {
  it('rejects nonsense with a clear message', () => {
    expect(() => resolveOptions({ branchRate: 2 })).toThrow(/branchRate must be within 0..1/);
    expect(() => resolveOptions({ conversations: -1 })).toThrow(/conversations/);
    expect(() => resolveOptions({ startDate: 'soon' })).toThrow(/startDate is not a date/);
    const badFact = { category: 'belief' as const, text: 'I like tea', needle: 'coffee' };
    expect(() => [
      ...syntheticConversations({ conversations: 1, plantedFacts: { facts: [badFact] } }),
    ]).toThrow(/does not contain its needle/);
  });

  it('can leave out the hidden scaffolding', () => {
    for (const { json, truth } of syntheticConversations({
      seed: 2,
      conversations: 40,
      hiddenScaffolding: false,
      customInstructions: false,
    })) {
      const conversation = JSON.parse(json);
      const nodes = Object.values(conversation.mapping) as Array<{
        message: { author: { role: string } } | null;
      }>;
      expect(nodes.some((n) => n.message === null || n.message.author.role === 'system')).toBe(
        false,
      );
      const visible = visibleMessages(conversation);
      expect(visible.filter((m) => m.role === 'user')).toHaveLength(truth.visibleUserMessages);
    }
  });
});
