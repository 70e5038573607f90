import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationTruth } from './ground-truth.js';
import { visibleMessages } from './reference-reader.js';
import { writeSyntheticJson } from './write-json.js';

type Json = Record<string, unknown>;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synthetic-2026-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function generate(layout: 'legacy' | '2026') {
  const path = join(dir, `${layout}.json`);
  const truths: ConversationTruth[] = [];
  await writeSyntheticJson(path, {
    seed: 21,
    conversations: 200,
    layout,
    omitRate: 0.3,
    missingCreateTimeRate: 0.2,
    nullTitleRate: 0.2,
    onConversation: (t) => truths.push(t),
  });
  return { conversations: JSON.parse(await readFile(path, 'utf8')) as Json[], truths };
}

function assertSortedDeep(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertSortedDeep(item, `${path}[${i}]`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  const sorted = [...keys].sort();
  if (keys.join() !== sorted.join())
    throw new Error(`keys not sorted at ${path}: ${keys.join(', ')}`);
  for (const key of keys) assertSortedDeep((value as Json)[key], `${path}.${key}`);
}

function messagesOf(conversations: Json[]): Json[] {
  return conversations.flatMap((c) =>
    Object.values(c.mapping as Record<string, Json>)
      .map((node) => node.message as Json | null)
      .filter((m): m is Json => m !== null),
  );
}

describe('2026 layout', () => {
  it('sorts keys at every level and leaves out fields as configured', async () => {
    const { conversations, truths } = await generate('2026');
    for (const [i, c] of conversations.entries()) assertSortedDeep(c, `[${i}]`);
    const nodes = conversations.flatMap((c) => Object.values(c.mapping as Record<string, Json>));
    const messages = messagesOf(conversations);
    const missing = (field: string) => messages.filter((m) => !(field in m)).length;
    for (const field of ['status', 'weight', 'metadata', 'recipient', 'end_turn']) {
      expect(missing(field), field).toBeGreaterThan(messages.length * 0.05);
    }
    expect(nodes.filter((n) => !('children' in n)).length).toBeGreaterThan(nodes.length * 0.2);
    for (const message of messages.filter((m) => !('metadata' in m))) {
      expect(['user', 'assistant']).toContain((message.author as Json).role);
      expect((message.content as Json).content_type).toBe('text');
      expect(message.recipient ?? 'all').toBe('all');
    }
    const withoutCreate = conversations.filter((c) => !('create_time' in c));
    expect(withoutCreate.length).toBeGreaterThan(10);
    expect(withoutCreate.map((c) => c.id)).toEqual(
      truths.filter((t) => t.createTime === null).map((t) => t.id),
    );
    const nullTitles = conversations.filter((c) => c.title === null);
    expect(nullTitles.length).toBeGreaterThan(10);
    expect(truths.filter((t) => t.title === null)).toHaveLength(nullTitles.length);
    // The omissions never change what a person saw.
    conversations.forEach((c, i) => {
      const visible = visibleMessages(c);
      expect(visible.filter((m) => m.role === 'user')).toHaveLength(truths[i]!.visibleUserMessages);
      expect(visible.filter((m) => m.role === 'assistant')).toHaveLength(
        truths[i]!.visibleAssistantMessages,
      );
    });
  });

  it('keeps every field in the legacy layout', async () => {
    const { conversations } = await generate('legacy');
    expect(conversations.every((c) => 'create_time' in c && c.title !== null)).toBe(true);
    const nodes = conversations.flatMap((c) => Object.values(c.mapping as Record<string, Json>));
    expect(nodes.every((n) => Array.isArray(n.children))).toBe(true);
    for (const message of messagesOf(conversations)) {
      for (const field of ['status', 'weight', 'metadata', 'recipient', 'end_turn'])
        expect(field in message).toBe(true);
    }
  });
});
