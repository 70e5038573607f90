import { describe, expect, it } from 'vitest';
import type { NormalizedConversation } from '../export/types.js';
import { BoundedCounter } from './bounded-counter.js';
import { ProfileEvidenceCollector } from './profile-evidence.js';

function chat(
  id: string,
  messages: Array<['user' | 'assistant', string]>,
  doNotRemember = false,
): NormalizedConversation {
  const at = Date.UTC(2025, 1, 1);
  return {
    id,
    title: null,
    createdAt: at,
    updatedAt: at,
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember,
    messages: messages.map(([role, text], i) => ({ id: `${id}-${i}`, role, text, createdAt: at })),
  };
}

/** 0 → "aaaa", 1 → "aaab": a distinct all-letter word per number. */
function letters(n: number): string {
  let out = '';
  for (let i = 0; i < 4; i++) {
    out = String.fromCharCode(97 + (Math.floor(n / 26 ** i) % 26)) + out;
  }
  return out;
}

describe('ProfileEvidenceCollector', () => {
  it('takes statements only from what the person wrote', () => {
    const collector = new ProfileEvidenceCollector();
    collector.add(
      chat('a', [
        ['user', 'Hi! Who are you?'],
        ['assistant', 'My name is Claude and I live in the cloud. My partner Bob is a chef.'],
      ]),
    );
    const { statements, userMessages } = collector.evidence();
    expect(userMessages).toBe(1);
    expect(statements.name).toEqual([]);
    expect(statements.location).toEqual([]);
    expect(statements.relationship).toEqual([]);
  });

  it('ignores do-not-remember conversations entirely', () => {
    const collector = new ProfileEvidenceCollector();
    collector.add(chat('secret', [['user', 'My name is Hidden Person.']], true));
    expect(collector.evidence()).toMatchObject({ conversations: 0, userMessages: 0 });
    expect(collector.evidence().statements.name).toEqual([]);
  });

  it('counts a fact said twice above one said once, and measures rates per message', () => {
    const collector = new ProfileEvidenceCollector();
    collector.add(chat('a', [['user', 'I live in Lyon. How do I cook rice?']]));
    collector.add(chat('b', [['user', 'I live in Lyon!']]));
    collector.add(chat('c', [['user', 'I live in Paris']]));
    const evidence = collector.evidence();
    expect(evidence.statements.location.map((f) => [f.value, f.count])).toEqual([
      ['Lyon', 2],
      ['Paris', 1],
    ]);
    expect(evidence.rates.question).toBeCloseTo(1 / 3);
    expect(evidence.rates.exclamation).toBeCloseTo(1 / 3);
    expect(evidence.topics.map((t) => t.key)).toEqual([]);
    expect(evidence.medianWords).toBe(4);
  });

  it('stays bounded over many distinct words and facts', () => {
    const collector = new ProfileEvidenceCollector();
    for (let i = 0; i < 3_000; i++) {
      const word = `zq${letters(i)}`;
      collector.add(
        chat(`c${i}`, [
          ['user', `Tell me about ${word} and sourdough. My friend Ann${letters(i)} said so.`],
        ]),
      );
    }
    const evidence = collector.evidence();
    expect(evidence.keywords).toContainEqual({ key: 'sourdough', count: 3_000 });
    expect(evidence.keywords.every((k) => k.count === 3_000 || k.count === 1)).toBe(true);
    expect(evidence.keywords.length).toBeLessThanOrEqual(30);
    expect(evidence.statements.relationship.length).toBeLessThanOrEqual(50);
    expect(evidence.topics).toEqual([
      { key: 'cooking', count: 3_000, label: 'cooking and baking' },
    ]);
  });
});

describe('BoundedCounter', () => {
  it('holds at most twice its capacity and keeps the frequent keys', () => {
    const counter = new BoundedCounter(10);
    for (let i = 0; i < 1_000; i++) {
      counter.add('frequent');
      counter.add(`rare${i}`);
      expect(counter.size).toBeLessThanOrEqual(20);
    }
    expect(counter.top(1)).toEqual([{ key: 'frequent', count: 1_000 }]);
  });
});
