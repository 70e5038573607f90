import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyntheticSummary, writeSyntheticZip } from '../../test/support/synthetic/index.js';
import { ExportReader } from '../export/read-export.js';
import type { MessageRole, NormalizedConversation } from '../export/types.js';
import { FactInputCollector } from './fact-input-collector.js';

const NOW = Date.UTC(2026, 5, 1);
let seq = 0;

function conversation(
  messages: Array<[MessageRole, string]>,
  overrides: Partial<NormalizedConversation> = {},
): NormalizedConversation {
  const id = `conv-${++seq}`;
  return {
    id,
    title: `Chat ${seq}`,
    createdAt: Date.UTC(2026, 0, 1),
    updatedAt: Date.UTC(2026, 0, 1),
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember: false,
    messages: messages.map(([role, text], i) => ({
      id: `${id}-${i}`,
      role,
      text,
      createdAt: null,
    })),
    ...overrides,
  };
}

const allText = (collector: FactInputCollector) =>
  collector
    .inputs()
    .flatMap((input) => input.messages.map((m) => m.text))
    .join('\n');

describe('FactInputCollector on a generated export', () => {
  let dir: string;
  let zip: string;
  let summary: SyntheticSummary;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fact-inputs-'));
    zip = join(dir, 'export.zip');
    summary = await writeSyntheticZip(zip, {
      seed: 11,
      conversations: 3_000,
      plantedFacts: { rate: 0.1 },
      compressionLevel: 1,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('holds no more than the budget at any time, and keeps the planted facts', async () => {
    const budget = 40_000;
    const collector = new FactInputCollector({ tokenBudget: budget, now: NOW });
    const reader = await ExportReader.open(zip);
    let most = 0;
    for await (const item of reader.items()) {
      if (item.kind !== 'conversation') continue;
      collector.add(item.conversation);
      most = Math.max(most, collector.heldTokens);
    }
    const inputs = collector.inputs();
    const report = collector.report();

    expect(most).toBeLessThanOrEqual(budget);
    expect(inputs.reduce((sum, i) => sum + i.tokens, 0)).toBe(report.tokens.selected);
    expect(report.tokens.selected).toBeLessThanOrEqual(budget);
    expect(report.tokens.selected).toBeGreaterThan(budget * 0.95);
    // The budget is a small share of what the person wrote, and it did stop the selection.
    expect(report.tokens.userText).toBeGreaterThan(10 * budget);
    expect(report.tokens.droppedByBudget).toBeGreaterThan(budget);
    expect(report.conversations.droppedByBudget).toBeGreaterThan(0);
    expect(report.userMessages.selected + report.userMessages.droppedByBudget).toBe(
      report.userMessages.candidates,
    );
    expect(report.conversations.seen).toBe(reader.report().conversations.read);

    const text = new Map(
      inputs.map((i) => [i.conversationId, i.messages.map((m) => m.text).join('\n')]),
    );
    const eligible = summary.plantedFacts.filter((f) => f.onActiveBranch && !f.doNotRemember);
    const found = eligible.filter((f) => text.get(f.conversationId)?.includes(f.needle));
    expect(eligible.length).toBeGreaterThan(200);
    expect(found.length / eligible.length).toBeGreaterThanOrEqual(0.98);
  });
});

describe('FactInputCollector', () => {
  it('stops at the budget, keeping the strongest statements and counting the rest', () => {
    const collector = new FactInputCollector({ tokenBudget: 80, now: NOW });
    collector.add(conversation([['user', 'Should I clean the garage or paint the fence first?']]));
    collector.add(
      conversation([['user', 'My wife Sanne and I are moving to Utrecht on 3 May 2026.']]),
    );
    collector.add(conversation([['user', 'I think I prefer the second option for the logo.']]));

    const inputs = collector.inputs();
    const report = collector.report();
    expect(inputs.map((i) => i.messages[0]!.text)).toEqual([
      'My wife Sanne and I are moving to Utrecht on 3 May 2026.',
    ]);
    expect(inputs[0]!.tokens).toBeLessThanOrEqual(80);
    expect(report.conversations).toMatchObject({
      seen: 3,
      withCandidates: 3,
      selected: 1,
      droppedByBudget: 2,
    });
    expect(report.userMessages).toMatchObject({ candidates: 3, selected: 1, droppedByBudget: 2 });
    expect(report.tokens.droppedByBudget).toBeGreaterThan(0);
  });

  it('leaves out requests and questions that say nothing about the person', () => {
    const collector = new FactInputCollector({ tokenBudget: 10_000, now: NOW });
    collector.add(
      conversation([
        ['user', 'Can you explain how a hash map works?'],
        ['assistant', 'A hash map stores keys in buckets.'],
        ['user', 'Write a haiku about autumn.'],
      ]),
    );
    expect(collector.inputs()).toEqual([]);
    expect(collector.report().userMessages).toMatchObject({ seen: 2, lowSignal: 2, candidates: 0 });
  });

  it('skips near-duplicate user messages and scaffolding repeated across conversations', () => {
    const preamble =
      'You are an expert copy editor. Keep my voice, fix grammar and spelling, and never add new ideas or change the structure of the text.';
    const hobbies = [
      'chess',
      'rowing',
      'pottery',
      'judo',
      'salsa',
      'knitting',
      'archery',
      'sailing',
    ];
    const collector = new FactInputCollector({ tokenBudget: 10_000, now: NOW });
    for (let i = 0; i < hobbies.length; i++) {
      // Only the number differs: a near-duplicate.
      collector.add(
        conversation([
          ['user', `I run a small bakery in Leuven called De Korst, open since 201${i}!`],
        ]),
      );
      collector.add(
        conversation([['user', `${preamble}\n\nMy son Jonas started ${hobbies[i]} lessons.`]]),
      );
    }
    const text = allText(collector);
    const report = collector.report();
    expect(text.split('De Korst').length - 1).toBe(1);
    expect(text.split('expert copy editor').length - 1).toBe(1);
    for (const hobby of hobbies) expect(text).toContain(`My son Jonas started ${hobby} lessons.`);
    expect(report.userMessages.duplicates).toBe(hobbies.length - 1);
    expect(report.trimmedChars.scaffolding).toBe((hobbies.length - 1) * preamble.length);
  });

  it('trims code, logs and pasted data but keeps the person’s own sentence inside a paste', () => {
    const code = [
      '```python',
      ...Array.from({ length: 10 }, (_, i) => `total += rows[${i}]`),
      '```',
    ].join('\n');
    const log = Array.from(
      { length: 6 },
      (_, i) => `2026-01-0${i + 1} 10:00:00 ERROR worker ${i} died`,
    ).join('\n');
    const paste = `${'The quarterly report shows steady growth across all regions. '.repeat(30)}My manager Ingrid wants it by Friday.`;
    const collector = new FactInputCollector({ tokenBudget: 10_000, now: NOW });
    collector.add(
      conversation([
        [
          'user',
          `I am building an invoicing tool for my plumbing business.\n\n${code}\n\n${log}\n\n${paste}`,
        ],
      ]),
    );
    const text = allText(collector);
    const report = collector.report();
    expect(text).toContain('I am building an invoicing tool for my plumbing business.');
    expect(text).toContain('My manager Ingrid wants it by Friday.');
    expect(text).not.toContain('total +=');
    expect(text).not.toContain('ERROR');
    expect(text).not.toContain('steady growth');
    expect(report.trimmedChars.code).toBe(code.length);
    expect(report.trimmedChars.logs).toBe(log.length);
    expect(report.trimmedChars.blobs).toBeGreaterThan(1_500);
  });

  it('keeps the assistant’s question before a short answer that needs it', () => {
    const collector = new FactInputCollector({ tokenBudget: 10_000, now: NOW });
    collector.add(
      conversation([
        ['user', 'Help me plan a training schedule.'],
        ['assistant', 'Happy to help. How old are you, and how many days a week can you train?'],
        ['user', '41, three days.'],
      ]),
    );
    expect(collector.inputs()[0]!.messages.slice(-2)).toEqual([
      { role: 'assistant', text: 'How old are you, and how many days a week can you train?' },
      { role: 'user', text: '41, three days.' },
    ]);
    expect(collector.report().assistantContextTurns).toBe(1);
  });

  it('never reads do-not-remember conversations', () => {
    const collector = new FactInputCollector({ tokenBudget: 10_000, now: NOW });
    collector.add(
      conversation([['user', 'My therapist Dr. Aalders says I am burning out.']], {
        doNotRemember: true,
      }),
    );
    expect(collector.inputs()).toEqual([]);
    expect(collector.report().conversations).toMatchObject({ seen: 1, doNotRemember: 1 });
  });

  it('ranks the same statement higher when it is recent', () => {
    const collector = new FactInputCollector({ tokenBudget: 10_000, now: NOW });
    const old = conversation([['user', 'I play the cello in the Ghent city orchestra.']], {
      updatedAt: Date.UTC(2022, 0, 1),
    });
    const recent = conversation([['user', 'I play the cello in the Antwerp city orchestra.']], {
      updatedAt: Date.UTC(2026, 4, 1),
    });
    collector.add(old);
    collector.add(recent);
    expect(collector.inputs().map((i) => i.conversationId)).toEqual([recent.id, old.id]);
  });
});
