import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationTruth } from './ground-truth.js';
import { activeBranch, messagesContaining, visibleMessages } from './reference-reader.js';
import { writeSyntheticJson } from './write-json.js';

type Json = Record<string, unknown>;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synthetic-json-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RICH = {
  conversations: 150,
  branchRate: 0.4,
  contentMix: {
    image: 0.15,
    voice: 0.1,
    codeInterpreter: 0.15,
    browsing: 0.15,
    reasoning: 0.2,
    attachments: 0.1,
  },
  memory: { snapshotRate: 0.5, writeRate: 0.2 },
  continuationRate: 0.2,
  plantedFacts: { rate: 0.3, abandonedRate: 0.2 },
};

async function generate(name: string, options: Parameters<typeof writeSyntheticJson>[1]) {
  const path = join(dir, name);
  const truths: ConversationTruth[] = [];
  const summary = await writeSyntheticJson(path, {
    ...options,
    onConversation: (t) => truths.push(t),
  });
  const text = await readFile(path, 'utf8');
  return { path, summary, truths, text, conversations: JSON.parse(text) as Json[] };
}

describe('writeSyntheticJson', () => {
  it('is deterministic: same seed same bytes, other seed other bytes', async () => {
    const a = await generate('a.json', { seed: 7, conversations: 30 });
    const b = await generate('b.json', { seed: 7, conversations: 30 });
    const c = await generate('c.json', { seed: 8, conversations: 30 });
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
    expect({ ...a.summary, files: [], shards: [] }).toEqual({
      ...b.summary,
      files: [],
      shards: [],
    });
  });

  it('writes one minified ASCII line that parses as an array of conversations', async () => {
    const { text, conversations, summary, truths } = await generate('shape.json', {
      seed: 1,
      ...RICH,
    });
    expect(text.includes('\n')).toBe(false);
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(text).toMatch(/\\u[0-9a-f]{4}/);
    expect(conversations).toHaveLength(150);
    expect(summary.jsonBytes).toBe(Buffer.byteLength(text));
    expect(truths.map((t) => t.id)).toEqual(conversations.map((c) => c.id));
    const first = conversations[0]!;
    expect(Object.keys(first).slice(0, 6)).toEqual([
      'title',
      'create_time',
      'update_time',
      'mapping',
      'moderation_results',
      'current_node',
    ]);
  });

  it('gives every conversation a current_node that reaches the root, and truthful counts', async () => {
    const { conversations, truths, summary } = await generate('truth.json', { seed: 3, ...RICH });
    let branchedNotLast = 0;
    for (const [i, conversation] of conversations.entries()) {
      const truth = truths[i]!;
      const mapping = conversation.mapping as Record<string, Json>;
      const path = activeBranch(conversation);
      expect(mapping[path[0]!]!.parent).toBeNull();
      expect(Object.keys(mapping)).toHaveLength(truth.nodes);
      expect(path).toHaveLength(truth.activeBranchNodes);
      expect(conversation.conversation_id).toBe(truth.id);
      expect(conversation.is_do_not_remember).toBe(truth.doNotRemember);
      const visible = visibleMessages(conversation);
      expect(visible.filter((m) => m.role === 'user').length, truth.id).toBe(
        truth.visibleUserMessages,
      );
      expect(visible.filter((m) => m.role === 'assistant').length, truth.id).toBe(
        truth.visibleAssistantMessages,
      );
      for (const id of path.slice(0, -1)) {
        const children = mapping[id]!.children as string[];
        const next = path[path.indexOf(id) + 1]!;
        if (children.length > 1 && children.indexOf(next) !== children.length - 1)
          branchedNotLast++;
      }
    }
    expect(branchedNotLast).toBeGreaterThan(0);
    expect(summary.branched).toBeGreaterThan(20);
    for (const feature of [
      'image',
      'voice',
      'codeInterpreter',
      'browsing',
      'reasoning',
      'attachments',
      'memoryWrite',
      'continuation',
    ] as const) {
      expect(summary.features[feature], feature).toBeGreaterThan(0);
    }
  });

  it('puts each planted needle exactly in the message the truth names', async () => {
    const { conversations, summary, truths } = await generate('facts.json', { seed: 5, ...RICH });
    expect(summary.plantedFacts.length).toBeGreaterThan(25);
    expect(summary.plantedFacts.filter((f) => !f.onActiveBranch).length).toBeGreaterThan(0);
    expect(new Set(summary.plantedFacts.map((f) => f.category)).size).toBe(7);
    expect(truths.flatMap((t) => t.plantedFacts)).toEqual(summary.plantedFacts);
    for (const fact of summary.plantedFacts) {
      expect(fact.text).toContain(fact.needle);
      expect(messagesContaining(conversations, fact.needle), fact.needle).toEqual([fact.messageId]);
      const conversation = conversations.find((c) => c.id === fact.conversationId)!;
      const onBranch = activeBranch(conversation).includes(fact.messageId);
      expect(onBranch, fact.needle).toBe(fact.onActiveBranch);
      if (onBranch) {
        const visible = visibleMessages(conversation).find((m) => m.ids.includes(fact.messageId));
        expect(visible?.role).toBe('user');
        expect(visible?.text).toContain(fact.needle);
      }
    }
  });

  it('reports the account context it planted', async () => {
    const { conversations, summary } = await generate('context.json', { seed: 9, ...RICH });
    const { customInstructions, memorySnapshot, memoryWrites } = summary.accountContext;
    expect(customInstructions?.aboutUser).toBeTruthy();
    expect(memorySnapshot.length).toBeGreaterThan(0);
    expect(memoryWrites.length).toBeGreaterThan(0);
    const text = JSON.stringify(conversations);
    expect(text).toContain(JSON.stringify(customInstructions!.aboutUser).slice(1, -1));
    for (const write of memoryWrites) expect(text).toContain(write);
  });

  it('stops near targetBytes', async () => {
    const { summary, text } = await generate('target.json', { seed: 11, targetBytes: 5_000_000 });
    expect(Buffer.byteLength(text)).toBe(summary.jsonBytes);
    expect(summary.jsonBytes).toBeGreaterThanOrEqual(5_000_000);
    expect(summary.jsonBytes).toBeLessThan(5_500_000);
    const perConversation = summary.jsonBytes / summary.conversations;
    expect(perConversation).toBeGreaterThan(12_000);
    expect(perConversation).toBeLessThan(18_000);
    expect(summary.nodes / summary.conversations).toBeGreaterThan(11);
    expect(summary.nodes / summary.conversations).toBeLessThan(17);
  });
});
