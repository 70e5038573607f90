import { describe, expect, it } from 'vitest';
import type { NormalizedConversation, NormalizedMessage } from '../export/types.js';
import { scoreConversation } from './conversation-score.js';
import { CHARS_PER_TOKEN, QuickSampleCollector } from './quick-sample.js';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2025, 0, 1);

interface Shape {
  userMessages?: number;
  userChars?: number;
  assistantChars?: number;
  at?: number;
  doNotRemember?: boolean;
}

const texts = new Map<string, string>();
/** `char` repeated `n` times, shared between calls (strings are immutable). */
function text(char: string, n: number): string {
  const key = `${char}${n}`;
  let value = texts.get(key);
  if (value === undefined) {
    value = char.repeat(n);
    texts.set(key, value);
  }
  return value;
}

function conversation(id: string, shape: Shape = {}): NormalizedConversation {
  const {
    userMessages = 3,
    userChars = 100,
    assistantChars = 200,
    at = T0,
    doNotRemember = false,
  } = shape;
  const messages: NormalizedMessage[] = [];
  for (let i = 0; i < userMessages; i++) {
    messages.push({ id: `${id}-u${i}`, role: 'user', text: text('u', userChars), createdAt: at });
    messages.push({
      id: `${id}-a${i}`,
      role: 'assistant',
      text: text('a', assistantChars),
      createdAt: at,
    });
  }
  return {
    id,
    title: `Conversation ${id}`,
    createdAt: at,
    updatedAt: at,
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember,
    messages,
  };
}

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generated(count: number, seed = 7): NormalizedConversation[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) =>
    conversation(`c${i}`, {
      userMessages: 1 + Math.floor(next() * 30),
      userChars: 10 + Math.floor(next() * 3_000),
      assistantChars: Math.floor(next() * 4_000),
      at: T0 + Math.floor(next() * 900) * DAY,
    }),
  );
}

const ids = (collector: QuickSampleCollector) => collector.sample().map((c) => c.id);

describe('QuickSampleCollector', () => {
  it('keeps exactly the top conversations by score when the count is the limit', () => {
    const all = generated(5_000);
    const collector = new QuickSampleCollector({ maxConversations: 50, tokenBudget: 10_000_000 });
    for (const c of all) collector.add(c);
    const expected = all
      .map((c) => ({ id: c.id, ...scoreConversation(c) }))
      .filter((c) => c.eligible)
      .sort((a, b) => b.score - a.score)
      .slice(0, 50)
      .map((c) => c.id);
    expect(new Set(ids(collector))).toEqual(new Set(expected));
  });

  it('never holds more text than the budget plus one conversation, over 5,000 conversations', () => {
    const options = {
      maxConversations: 1_000,
      tokenBudget: 20_000,
      maxCharsPerMessage: 2_000,
      maxMessagesPerConversation: 40,
    };
    const collector = new QuickSampleCollector(options);
    const budget = options.tokenBudget * CHARS_PER_TOKEN;
    const oneConversation = options.maxMessagesPerConversation * (options.maxCharsPerMessage + 4);
    let most = 0;
    for (const c of generated(5_000, 11)) {
      collector.add(c);
      most = Math.max(most, collector.heldChars);
      expect(collector.heldChars).toBeLessThanOrEqual(budget + oneConversation);
    }
    expect(most).toBeGreaterThan(budget / 2);
    expect(collector.seen).toBe(5_000);
    const sample = collector.sample();
    expect(sample.reduce((sum, c) => sum + c.chars, 0)).toBeLessThanOrEqual(budget);
  });

  it('cuts each kept message and keeps only the first messages', () => {
    const collector = new QuickSampleCollector({
      maxCharsPerMessage: 50,
      maxMessagesPerConversation: 4,
    });
    collector.add(conversation('long', { userMessages: 5, userChars: 500 }));
    const [kept] = collector.sample();
    expect(kept!.messages).toHaveLength(4);
    expect(kept!.totalMessages).toBe(10);
    expect(kept!.truncated).toBe(true);
    expect(kept!.messages[0]!.text).toBe(`${'u'.repeat(50)} […]`);
  });

  it('never takes a do-not-remember conversation, however rich', () => {
    const collector = new QuickSampleCollector({ maxConversations: 2 });
    collector.add(
      conversation('secret', { userMessages: 20, userChars: 1_000, doNotRemember: true }),
    );
    collector.add(conversation('plain'));
    expect(ids(collector)).toEqual(['plain']);
    expect(collector.excludedDoNotRemember).toBe(1);
  });

  it('prefers the conversation where the person wrote more', () => {
    const collector = new QuickSampleCollector({ maxConversations: 1 });
    collector.add(conversation('talkative-assistant', { userChars: 50, assistantChars: 5_000 }));
    collector.add(conversation('talkative-person', { userChars: 400, assistantChars: 100 }));
    collector.add(conversation('short', { userChars: 20 }));
    expect(ids(collector)).toEqual(['talkative-person']);
  });

  it('prefers the more recent of two equally rich conversations', () => {
    const collector = new QuickSampleCollector({ maxConversations: 1 });
    collector.add(conversation('newer', { at: T0 + 300 * DAY }));
    collector.add(conversation('older', { at: T0 }));
    expect(ids(collector)).toEqual(['newer']);
  });

  it('lets a much richer old conversation beat a slightly newer thin one', () => {
    const collector = new QuickSampleCollector({ maxConversations: 1 });
    collector.add(conversation('old-rich', { userMessages: 8, userChars: 600, at: T0 }));
    collector.add(conversation('new-thin', { userMessages: 2, userChars: 40, at: T0 + 365 * DAY }));
    expect(ids(collector)).toEqual(['old-rich']);
  });

  it('skips single-question conversations when enough others are eligible', () => {
    const collector = new QuickSampleCollector({ maxConversations: 10, minConversations: 3 });
    for (let i = 0; i < 5; i++) collector.add(conversation(`ok${i}`, { userMessages: 2 }));
    collector.add(conversation('one-long-question', { userMessages: 1, userChars: 1_000 }));
    expect(ids(collector)).not.toContain('one-long-question');
    expect(ids(collector)).toHaveLength(5);
  });

  it('falls back to the best single-question conversations when nothing else is there', () => {
    const collector = new QuickSampleCollector({ maxConversations: 10, minConversations: 3 });
    for (let i = 0; i < 8; i++)
      collector.add(conversation(`q${i}`, { userMessages: 1, userChars: 100 + i * 10 }));
    collector.add(conversation('eligible', { userMessages: 2, userChars: 20 }));
    expect(new Set(ids(collector))).toEqual(new Set(['eligible', 'q7', 'q6']));
    expect(collector.size).toBeLessThanOrEqual(4);
  });

  it('returns the sample oldest first, whatever order it arrived in', () => {
    const all = generated(300, 3);
    const forward = new QuickSampleCollector({ maxConversations: 20 });
    const backward = new QuickSampleCollector({ maxConversations: 20 });
    for (const c of all) forward.add(c);
    for (const c of [...all].reverse()) backward.add(c);
    const sample = forward.sample();
    expect(ids(backward)).toEqual(ids(forward));
    const times = sample.map((c) => c.createdAt ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('ignores conversations without a message from the person and refuses bad options', () => {
    const collector = new QuickSampleCollector();
    collector.add({ ...conversation('x'), messages: [] });
    expect(collector.sample()).toEqual([]);
    expect(() => new QuickSampleCollector({ maxConversations: 0 })).toThrow(RangeError);
  });
});
