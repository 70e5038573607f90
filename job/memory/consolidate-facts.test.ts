import { describe, expect, it } from 'vitest';
import { consolidateFacts } from './consolidate-facts.js';
import type { ExtractedFact } from './types.js';

const day = (n: number) => Date.UTC(2025, 0, n);

function fact(category: ExtractedFact['category'], text: string, at: number): ExtractedFact {
  return {
    category,
    fact: text,
    evidence: null,
    conversationId: `conv-${at}`,
    date: null,
    observedAt: at,
    confidence: 0.9,
    source: 'llm',
  };
}

const texts = (facts: ExtractedFact[]) => facts.map((f) => f.fact);

describe('consolidateFacts', () => {
  it('merges the same fact written differently, keeping the newest wording', () => {
    const result = consolidateFacts([
      fact('preferences', 'Loves hiking in the Alps.', day(1)),
      fact('preferences', 'loves hiking in the alps', day(3)),
      fact('preferences', 'Loves hiking in the Swiss Alps', day(2)),
      fact('relationships', 'Loves hiking in the Alps', day(4)),
      fact('preferences', 'Likes jazz', day(5)),
      fact('preferences', 'Likes tea', day(6)),
    ]);
    expect(texts(result.facts)).toEqual(['Likes tea', 'Likes jazz', 'Loves hiking in the Alps']);
    expect(result.facts[2]!.category).toBe('relationships');
    expect(result.merged).toBe(3);
    expect(result.conflicts).toBe(0);
  });

  it('keeps the newest when two facts say different things about the same thing', () => {
    const result = consolidateFacts([
      fact('identity', 'Lives in Antwerp', day(1)),
      fact('identity', 'Lives in Ghent', day(9)),
      fact('preferences', 'Favourite band is Radiohead', day(8)),
      fact('preferences', 'Favourite band is Low', day(2)),
      fact('decisions', 'Decided to call the company Zorbin', day(3)),
      fact('decisions', 'Decided to call the company Quelt', day(7)),
      fact('identity', 'Works as a nurse', day(4)),
      fact('identity', 'Works at Kroth Labs', day(5)),
    ]);
    expect(texts(result.facts)).toEqual([
      'Lives in Ghent',
      'Favourite band is Radiohead',
      'Decided to call the company Quelt',
      'Works at Kroth Labs',
      'Works as a nurse',
    ]);
    expect(result.conflicts).toBe(3);
  });

  it('keeps facts that add up: several likes, people and dated events', () => {
    const facts = [
      fact('preferences', "Can't stand cilantro", day(1)),
      fact('preferences', "Can't stand olives", day(2)),
      fact('relationships', 'Friend Sam is visiting next week', day(3)),
      fact('relationships', 'Friend Alex is visiting next week', day(4)),
      fact('dates', 'Dentist appointment on 3 May 2026', day(5)),
      fact('dates', 'Dentist appointment on 9 June 2026', day(6)),
    ];
    expect(consolidateFacts(facts).facts).toHaveLength(6);
  });

  it('gives the same result whatever the input order', () => {
    const facts = [
      fact('identity', 'Lives in Antwerp', day(1)),
      fact('identity', 'Lives in Ghent', day(1)),
      fact('preferences', 'Prefers tea to coffee', day(2)),
      fact('preferences', 'Prefers coffee to tea', day(3)),
      fact('projects', 'Is building a noise-mapping app', day(2)),
    ];
    const forward = consolidateFacts(facts);
    const backward = consolidateFacts([...facts].reverse());
    expect(backward).toEqual(forward);
    expect(texts(forward.facts)).toEqual([
      'Prefers coffee to tea',
      'Is building a noise-mapping app',
      'Lives in Antwerp',
    ]);
  });
});
