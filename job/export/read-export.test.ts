import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { exportFixture } from '../../test/support/fixtures.js';
import { readAll } from '../../test/support/read-all.js';
import type { ReadExportOptions } from './read-export.js';
import type { NormalizedConversation } from './types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(path: string, options: Partial<ReadExportOptions> = {}): Promise<AppError> {
  try {
    await readAll(path, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected reading ${path} to fail`);
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const texts = (c: NormalizedConversation) =>
  c.messages.map((m) => `${m.role}: ${m.text.slice(0, 40)}`);

describe('reading the real export samples', () => {
  it('follows current_node through edits and regenerations to the branch the user saw', async () => {
    const { conversations, report } = await readAll(exportFixture('librechat-tree'));
    expect(conversations).toHaveLength(1);
    expect(texts(conversations[0]!)).toEqual([
      'user: hi there',
      'assistant: Hello! How can I assist you today?',
      'user: hi again',
      "assistant: Hey! Welcome back. What's on your mind?",
      'user: tell me a joke',
      "assistant: Sure, here's one for you:\n\nWhy don't sci",
    ]);
    expect(report.branchNodesDropped).toBe(5);
    expect(report.branchFallbacks).toBe(0);
  });

  it('drops browsing tool traffic and citation markers, keeping conversations in file order', async () => {
    const { conversations, report } = await readAll(exportFixture('librechat-export'));
    expect(conversations.map((c) => c.title)).toEqual([
      'Conversation 1. Web Search',
      'Conversation 2',
    ]);
    expect(conversations.map((c) => c.messages.length)).toEqual([6, 4]);
    for (const c of conversations) {
      for (const m of c.messages) expect(m.text).not.toMatch(/[【†】]/);
    }
    expect(report.contentTypes).toEqual({
      text: 12,
      code: 4,
      tether_browsing_display: 2,
      tether_quote: 3,
    });
    expect(report.dateRange.first).toBeLessThan(report.dateRange.last!);
  });

  it('survives a trimmed conversation whose current_node and parents dangle', async () => {
    const { conversations, report } = await readAll(exportFixture('librechat-citations'));
    expect(conversations).toHaveLength(1);
    expect(conversations[0]!.messages.map((m) => m.role)).toEqual(['assistant']);
    expect(conversations[0]!.messages[0]!.text).toContain('Signal Sciences');
    expect(report.branchFallbacks).toBe(1);
  });

  it('leaves out Code Interpreter code and output and merges the assistant turns around them', async () => {
    const { conversations, account } = await readAll(exportFixture('chatgpt2graph'));
    const c = conversations[0]!;
    expect(c.model).toBe('gpt-4-code-interpreter');
    expect(c.messages.filter((m) => m.role === 'user')).toHaveLength(8);
    expect(c.messages.filter((m) => m.role === 'assistant')).toHaveLength(8);
    expect(c.messages.some((m) => m.text.includes('<<ImageDisplayed>>'))).toBe(false);
    // Its custom-instructions carrier is present but empty.
    expect(account.customInstructions).toBeNull();
  });
});

describe('top-level shapes', () => {
  it('reads {"conversations": [...]} and a file with a byte order mark', async () => {
    const list = JSON.parse(await readFile(exportFixture('librechat-tree'), 'utf8'));
    const wrapped = await file('wrapped.json', JSON.stringify({ version: 1, conversations: list }));
    expect((await readAll(wrapped)).conversations).toHaveLength(1);
    const bom = await file(
      'bom.json',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        await readFile(exportFixture('librechat-tree')),
      ]),
    );
    expect((await readAll(bom)).conversations).toHaveLength(1);
  });

  it('skips one malformed or oversized conversation and reads the rest', async () => {
    const good = JSON.parse(await readFile(exportFixture('librechat-tree'), 'utf8'))[0];
    const big = { ...good, id: 'big', title: 'x'.repeat(40_000) };
    const text = `[${JSON.stringify(good)}, {"id": "bad", "mapping": [1,2]}, {"id": 3, oops}, ${JSON.stringify(big)}, 17]`;
    const { items, report } = await readAll(await file('mixed.json', text), {
      maxConversationBytes: 30_000,
    });
    expect(items.map((i) => (i.kind === 'skipped' ? i.skipped.reason : 'ok'))).toEqual([
      'ok',
      'invalid_shape',
      'invalid_json',
      'too_large',
      'invalid_shape',
    ]);
    expect(report.conversations).toEqual({ seen: 5, read: 1, skipped: 4 });
  });
});

describe('wrong files are named and refused with exit-2 errors', () => {
  const cases: Array<[string, string | Buffer, string, RegExp]> = [
    [
      'chat.html',
      '<!DOCTYPE html><html><script>var jsonData = []</script>',
      'EXPORT_WRONG_FILE',
      /page ChatGPT includes for viewing/,
    ],
    [
      'user.json',
      '{"id":"user-1","email":"a@example.com","chatgpt_plus_user":false}',
      'EXPORT_WRONG_FILE',
      /account details/,
    ],
    [
      'claude.json',
      '[{"uuid":"1","name":"Chat","chat_messages":[]}]',
      'EXPORT_WRONG_FILE',
      /Claude export/,
    ],
    ['report.pdf', '%PDF-1.7\n...', 'EXPORT_WRONG_FILE', /PDF document/],
    [
      'photo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      'EXPORT_WRONG_FILE',
      /an image/,
    ],
    ['export.json.gz', gzipSync('[]'), 'EXPORT_WRONG_FILE', /gzip-compressed/],
    [
      'notes.txt',
      'hello, these are my notes',
      'EXPORT_NOT_JSON',
      /neither a ZIP archive nor a JSON file/,
    ],
    ['empty.json', '', 'EXPORT_EMPTY', /is empty/],
    ['none.json', '[]', 'EXPORT_EMPTY', /empty list/],
    [
      'settings.json',
      '{"theme":"dark"}',
      'EXPORT_WRONG_FILE',
      /JSON object with the fields "theme", but neither a list of conversations/,
    ],
    [
      'junk.json',
      '[1, "two", {"mapping": 3, "id": "x"}]',
      'EXPORT_NOTHING_READABLE',
      /None of the 3 entries/,
    ],
  ];
  for (const [name, content, code, message] of cases) {
    it(`${name}: ${code}`, async () => {
      const error = await failure(await file(name, content));
      expect(error.code).toBe(code);
      expect(error.kind).toBe('bad_input');
      expect(error.message).toMatch(message);
      expect(error.message).toContain(name === 'claude.json' ? 'claude.json' : '');
    });
  }

  it('says where a truncated file broke and how many conversations were read', async () => {
    const list = JSON.parse(await readFile(exportFixture('librechat-export'), 'utf8'));
    const text = JSON.stringify(list);
    const cut = text.indexOf('"Conversation 2"');
    const error = await failure(await file('cut.json', text.slice(0, cut)));
    expect(error.code).toBe('EXPORT_TRUNCATED');
    expect(error.message).toContain(`byte ${Buffer.byteLength(text.slice(0, cut))}`);
    expect(error.message).toContain('1 conversation was read');
  });

  it('explains an export where every conversation is marked do-not-remember', async () => {
    const list = JSON.parse(await readFile(exportFixture('librechat-export'), 'utf8'));
    const hidden = list.map((c: object) => ({ ...c, is_do_not_remember: true }));
    const path = await file('dnr.json', JSON.stringify(hidden));
    const error = await failure(path);
    expect(error.code).toBe('EXPORT_ALL_EXCLUDED');
    expect(error.message).toContain('do not remember');
    expect(error.message).not.toContain('--');
    expect((await readAll(path, { includeDoNotRemember: true })).conversations).toHaveLength(2);
  });

  it('names a missing path', async () => {
    expect((await failure(join(dir, 'nope.zip'))).code).toBe('FILE_NOT_FOUND');
  });
});
