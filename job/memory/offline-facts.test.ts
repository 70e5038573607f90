import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_FACTS } from '../../test/support/synthetic/index.js';
import { ExportReader } from '../export/read-export.js';
import type { MessageRole, NormalizedConversation } from '../export/types.js';
import { consolidateFacts } from './consolidate-facts.js';
import { accountFacts, OfflineFactCollector } from './offline-facts.js';
import { renderMemory } from './render-memory.js';

const SAMPLE = fileURLToPath(new URL('../../samples/sample-export.zip', import.meta.url));
const SECRET = SAMPLE_FACTS.find((f) => f.doNotRemember)!;
const REMEMBERED = SAMPLE_FACTS.filter((f) => !f.doNotRemember);

async function collect(includeDoNotRemember: boolean) {
  const reader = await ExportReader.open(SAMPLE, { includeDoNotRemember });
  const collector = new OfflineFactCollector();
  let sawSecret = false;
  for await (const item of reader.items()) {
    if (item.kind !== 'conversation') continue;
    sawSecret ||= item.conversation.messages.some((m) => m.text.includes(SECRET.needle));
    collector.add(item.conversation);
  }
  return { collector, account: reader.accountContext(), sawSecret };
}

function conversation(messages: Array<[MessageRole, string]>): NormalizedConversation {
  return {
    id: 'conv-1',
    title: null,
    createdAt: Date.UTC(2026, 0, 1),
    updatedAt: Date.UTC(2026, 0, 1),
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember: false,
    messages: messages.map(([role, text], i) => ({ id: `m${i}`, role, text, createdAt: null })),
  };
}

describe('offline facts', () => {
  it('finds every planted self-statement of the sample export, and nothing from do-not-remember', async () => {
    for (const includeDoNotRemember of [false, true]) {
      const { collector, sawSecret } = await collect(includeDoNotRemember);
      const text = collector
        .facts()
        .map((f) => `${f.fact}\n${f.evidence}`)
        .join('\n');
      for (const fact of REMEMBERED) expect(text, fact.needle).toContain(fact.needle);
      expect(sawSecret).toBe(includeDoNotRemember);
      expect(text).not.toContain(SECRET.needle);
    }
  });

  it('files them under the right categories and renders them into MEMORY', async () => {
    const { collector, account } = await collect(false);
    const { facts } = consolidateFacts([
      ...accountFacts(account, Date.UTC(2026, 5, 1)),
      ...collector.facts(),
    ]);
    const byNeedle = (needle: string) => facts.find((f) => f.fact.includes(needle));
    expect(byNeedle('Vantongeren')).toMatchObject({
      category: 'identity',
      fact: 'Name: Ilse Vantongeren',
    });
    expect(byNeedle('Joost')?.category).toBe('relationships');
    expect(byNeedle('Quietline')?.category).toBe('projects');
    expect(byNeedle('Femke')).toMatchObject({ category: 'dates', date: '12 September 2026' });
    expect(byNeedle('designed for children first')?.category).toBe('beliefs');
    expect(byNeedle('cilantro')?.category).toBe('preferences');
    expect(byNeedle('cargo bike')?.category).toBe('decisions');

    const md = renderMemory(facts);
    expect(md).toMatch(/^About: .*Name: Ilse Vantongeren/m);
    expect(md).toMatch(/## People\n\n(?:- .*\n)*- Partner Joost is a pastry chef/);
    expect(md).toMatch(/## Preferences\n\n(?:- .*\n)*- Can't stand cilantro/);
    expect(md).not.toContain(SECRET.needle);
  });

  it('adds what the account knew: custom instructions and saved memories', async () => {
    const { account } = await collect(false);
    const facts = accountFacts(account, Date.UTC(2026, 5, 1));
    const text = facts.map((f) => `${f.category}: ${f.fact}`);
    expect(text).toContain(
      "identity: Is an engineer based in Belgium and I'm finally learning Dutch properly",
    );
    expect(text).toContain('preferences: Likes practical, hands-on explanations');
    expect(text).toContain('preferences: Prefers metric units');
    expect(text).toContainEqual(
      expect.stringMatching(/^preferences: Wants answers like this: Be concise/),
    );
    expect(facts.find((f) => f.fact === 'Prefers metric units')?.source).toBe('saved-memory');
  });

  it('ignores questions, requests, hypotheticals and pasted code', () => {
    const collector = new OfflineFactCollector();
    collector.add(
      conversation([
        ['user', 'If I live in Paris, what changes? Can you help me move?'],
        ['user', '```\n# I live in a comment\nprint("I work as a robot")\n```'],
        ['assistant', 'I live in the cloud.'],
        ['user', 'I like this answer. I work as a midwife in Leeds.'],
      ]),
    );
    expect(collector.facts().map((f) => f.fact)).toEqual(['Works as a midwife in Leeds']);
  });

  it('keeps at most maxFacts, the strongest', () => {
    const collector = new OfflineFactCollector({ maxFacts: 5 });
    for (let i = 0; i < 40; i++) {
      collector.add(conversation([['user', `I love dish number ${i}.`]]));
    }
    collector.add(conversation([['user', 'My sister Femke lives in Bruges with her dog Rover.']]));
    expect(collector.size).toBeLessThanOrEqual(10);
    const facts = collector.facts().slice(0, 5);
    expect(facts).toHaveLength(5);
    expect(facts[0]!.fact).toBe('Sister Femke lives in Bruges with her dog Rover');
  });
});
