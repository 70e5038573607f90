import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerFixture } from '../../test/support/fixtures.js';
import { readAll } from '../../test/support/read-all.js';
import { ZipWriter } from '../../test/support/zip/zip-writer.js';
import { ExportReader } from './read-export.js';
import type { ExportItem, NormalizedConversation } from './types.js';

/**
 * Other importers' own test fixtures (test/fixtures/peer-exports/SOURCES.md), each held to what
 * that importer's test asserts, on our normalized conversations.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-peers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const turns = (c: NormalizedConversation) => c.messages.map((m) => `${m.role}: ${m.text}`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('LibreChat: chatgpt-modern-export.json', () => {
  it('imports conversations whose nodes lack metadata, weight or status and skips the entry without a mapping', async () => {
    const { conversations, items, report, account } = await readAll(
      peerFixture('librechat__chatgpt-modern-export'),
    );
    expect(conversations.map((c) => c.title)).toEqual([
      'Deploying the staging cluster',
      'Weeknight pasta',
    ]);
    expect(items[1]).toMatchObject({
      kind: 'skipped',
      skipped: { title: 'Corrupted entry', reason: 'invalid_shape' },
    });
    expect(turns(conversations[0]!)).toEqual([
      'user: How do I roll back the deploy?',
      'assistant: Run `helm rollback staging`.',
      'user: And if that fails?',
      'assistant: Restore from the last known-good chart.',
    ]);
    expect(turns(conversations[1]!)).toEqual([
      'user: Something with anchovies?',
      'assistant: Puttanesca.',
    ]);
    expect(conversations[0]!.model).toBe('gpt-5-thinking');
    expect(account.customInstructions).toEqual({
      aboutUser: 'The user is an SRE.',
      aboutModel: 'Answer concisely.',
    });
    expect(report.skipped).toEqual({ invalid_shape: 1 });
  });
});

describe('mattgill/chatgpt-export-analyzer: 2026 parity shards', () => {
  async function shards(): Promise<string> {
    const path = join(dir, 'parity.zip');
    const writer = new ZipWriter(path);
    for (const n of ['000', '001']) {
      await writer.addEntry(
        `conversations-${n}.json`,
        await readFile(peerFixture(`mattgill__parity-conversations-${n}`)),
      );
    }
    await writer.addEntry('export_manifest.json', '{}');
    await writer.finish();
    return path;
  }

  it('reads 2 prompts and 2 replies from the shards, with ISO-8601 times and nodes without parents', async () => {
    const { conversations, report } = await readAll(await shards());
    expect(conversations.map((c) => c.title)).toEqual(['January Unicode', 'February multimodal']);
    expect(turns(conversations[0]!)).toEqual([
      'user: Hello 👋 café',
      'assistant: Hi—how can I help?',
    ]);
    // The reply is "A bright blue square." alone: an unknown `audio` content type adds nothing.
    expect(turns(conversations[1]!)).toEqual([
      'user: Describe this image',
      'assistant: A bright blue square.',
    ]);
    expect(report.messages).toMatchObject({ user: 2, assistant: 2 });
    expect(conversations[0]!.messages[1]!.createdAt).toBe(Date.UTC(2024, 0, 1, 0, 2));
    expect(conversations[0]!.model).toBe('gpt-test');
    const february = conversations[1]!;
    expect(february.createdAt).toBe(Date.UTC(2024, 1, 3, 10, 0));
    expect(february.updatedAt).toBe(Date.UTC(2024, 1, 3, 12, 0));
    expect(report.dateRange).toEqual({
      first: Date.UTC(2024, 0, 1),
      last: Date.UTC(2024, 1, 3, 10, 5),
    });
  });

  it('keeps one copy of the conversation id found in both shards', async () => {
    const { conversations, items } = await readAll(await shards());
    expect(conversations.filter((c) => c.id === 'alpha')).toHaveLength(1);
    // Three distinct conversations, as the analyzer counts them: alpha, empty and beta.
    const ids = new Set(
      items.map((i) => (i.kind === 'conversation' ? i.conversation.id : i.skipped.id)),
    );
    expect([...ids]).toEqual(['alpha', 'empty', 'beta']);
  });
});

describe('pionxzh/chatgpt-exporter', () => {
  it('reads a file holding one conversation object, keeping the 4 generated images on their branch', async () => {
    const { conversations, report } = await readAll(peerFixture('pionxzh__image-generation'));
    expect(conversations).toHaveLength(1);
    const c = conversations[0]!;
    expect(turns(c)).toEqual([
      'user: [image]\nquestion 1',
      'assistant: [image]',
      'user: question 2',
      'assistant: [image]',
      'user: question 3',
      'assistant: [image]',
      'user: question 4',
      'assistant: [image]',
    ]);
    // Two branch points: the hidden dead ends beside the branch are left out.
    expect(report.branchNodesDropped).toBe(2);
    expect(report.source.files).toEqual(['pionxzh__image-generation.json']);
  });

  it('hides thoughts and reasoning recaps: q1/a1/q2/a2', async () => {
    const { conversations } = await readAll(peerFixture('pionxzh__thinking-summaries'));
    expect(turns(conversations[0]!)).toEqual([
      'user: question 1',
      'assistant: answer 1',
      'user: question 2',
      'assistant: answer 2',
    ]);
  });

  it('leaves a thinking preamble out of the answer', async () => {
    const { conversations } = await readAll(peerFixture('pionxzh__thinking-preamble.from-test'));
    expect(turns(conversations[0]!)).toEqual(['user: Question', 'assistant: Final answer']);
  });
});

describe('basic-memory', () => {
  it('imports conversations without ids under ids derived from their content, the same on every read', async () => {
    const first = await readAll(peerFixture('basicmemory__sample_conversation'));
    const again = await readAll(peerFixture('basicmemory__sample_conversation'));
    const c = first.conversations[0]!;
    expect(c.id).toMatch(UUID);
    expect(c.idDerived).toBe(true);
    expect(again.conversations[0]!.id).toBe(c.id);
    expect(turns(c)).toEqual([
      'user: Hello, this is a test message',
      'assistant: This is a test response',
    ]);
    expect(first.report.derivedIds).toBe(1);
  });

  it("keeps an assistant's code as a fenced block", async () => {
    const { conversations } = await readAll(
      peerFixture('basicmemory__sample_conversation_with_code'),
    );
    expect(turns(conversations[0]!)).toEqual([
      "assistant: ```python\ndef hello():\n    print('Hello world!')\n```",
    ]);
  });

  it('does not let a hidden system leaf hide the visible message', async () => {
    const { conversations } = await readAll(
      peerFixture('basicmemory__sample_conversation_with_hidden'),
    );
    expect(turns(conversations[0]!)).toEqual(['user: Visible message']);
  });

  it('falls back to the earliest message time when conversation times are missing or null', async () => {
    const { conversations } = await readAll(
      peerFixture('basicmemory__issue1276-missing-and-null-times'),
    );
    expect(conversations.map((c) => c.createdAt)).toEqual([
      1736616594.24054 * 1000,
      1736616603.164995 * 1000,
      null,
    ]);
    expect(conversations[0]!.updatedAt).toBe(1736703003000);
    // Three conversations that start alike (same title, same first message) keep distinct ids.
    expect(new Set(conversations.map((c) => c.id)).size).toBe(3);
  });
});

describe('LangChain: fake_conversations.json', () => {
  it('loads both messages of each conversation from AI and human authors without ids', async () => {
    const { conversations } = await readAll(peerFixture('langchain__fake_conversations'));
    expect(conversations.map((c) => c.messages.map((m) => m.role))).toEqual([
      ['assistant', 'user'],
      ['assistant', 'user'],
    ]);
    expect(conversations[1]!.messages[0]!.text).toBe(
      'Hello, everyone. I am Ava. I hope you find me pleasing.',
    );
  });
});

describe('chatgpt-grep', () => {
  it.each(['chatgptgrep__conversations', 'chatgptgrep__sanitized_data'])(
    '%s: "super-tight" is found in the conversation "Great Day Ahead!"',
    async (name) => {
      const { conversations } = await readAll(peerFixture(name));
      const hit = conversations.filter((c) =>
        c.messages.some((m) => m.text.includes('super-tight')),
      );
      expect(hit.map((c) => c.title)).toEqual(['Great Day Ahead!']);
      expect(hit[0]!.messages.map((m) => m.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
    },
  );
});

describe('convonaut', () => {
  it('walks 7 conversations whose children arrays are all empty by their parent links', async () => {
    const { conversations, report } = await readAll(peerFixture('convonaut__conversations'));
    expect(conversations).toHaveLength(7);
    for (const c of conversations) {
      expect(c.messages.map((m) => m.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
        'user',
      ]);
    }
    expect(report.branchFallbacks).toBe(0);
  });
});

describe('convoviz: parent cycle', () => {
  it('neither hangs nor crashes on a cycle of parent links', async () => {
    const path = peerFixture('convoviz__parent-cycle.from-test');
    const reader = await ExportReader.open(path);
    const items: ExportItem[] = [];
    await expect(
      (async () => {
        for await (const item of reader.items()) items.push(item);
      })(),
    ).rejects.toMatchObject({ code: 'EXPORT_NOTHING_READABLE' });
    expect(items).toEqual([
      {
        kind: 'skipped',
        skipped: { id: 'cycle-conv', title: 'Cycle test', reason: 'no_messages' },
      },
    ]);
  });
});
