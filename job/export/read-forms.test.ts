import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistant, conversation, turns, user } from '../../test/support/linear-conversation.js';
import { readAll } from '../../test/support/read-all.js';
import { ZipWriter } from '../../test/support/zip/zip-writer.js';
import { chunkRows } from '../chunk/chunk-rows.js';

/** The shapes a conversations file comes in, and one conversation that comes twice. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-forms-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function zip(name: string, entries: Array<[string, unknown]>): Promise<string> {
  const path = join(dir, name);
  const writer = new ZipWriter(path);
  for (const [entry, content] of entries) await writer.addEntry(entry, JSON.stringify(content));
  await writer.finish();
  return path;
}

const chat = (id: string, words: string[], extra: Record<string, unknown> = {}) =>
  conversation(
    words.map((w, i) => (i % 2 === 0 ? user(w) : assistant(w))),
    { id, conversation_id: id, title: id, ...extra },
  );

describe('one conversation in a file', () => {
  it('reads a file that holds one conversation object, as JSON or inside a ZIP', async () => {
    const one = chat('saved', ['Plan my week', 'Monday: rest.']);
    for (const path of [
      await file('saved.json', one),
      await zip('saved.zip', [['conversations.json', one]]),
    ]) {
      const { conversations, report } = await readAll(path);
      expect(conversations.map(turns)).toEqual([
        ['user: Plan my week', 'assistant: Monday: rest.'],
      ]);
      expect(report.conversations).toEqual({ seen: 1, read: 1, skipped: 0 });
    }
  });

  it('skips a single conversation larger than the limit with the usual reason', async () => {
    const big = chat('big', ['x'.repeat(50_000), 'ok']);
    const { report } = await readAll(await file('big-one.json', big), {
      maxConversationBytes: 10_000,
    }).catch((error) => ({ report: null, error }));
    expect(report).toBeNull();
  });
});

describe('the pre-parsed form', () => {
  it('accepts {messages: [{role, content}]} conversations as they are, mixed with mapping-form ones', async () => {
    const path = await file('mixed.json', [
      chat('tree', ['Hello', 'Hi there']),
      {
        id: 'flat-1',
        title: 'Pre-parsed',
        create_time: 1_700_000_000,
        messages: [
          { role: 'user', content: 'I keep bees' },
          { role: 'assistant', content: [{ type: 'text', text: 'How many hives?' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Three' },
              { type: 'image_url', image_url: 'x' },
            ],
          },
          { role: 'tool', content: 'not shown' },
          { role: 'assistant', content: '' },
        ],
      },
      { messages: [{ role: 'human', content: 'no id here' }] },
    ]);
    const { conversations, report } = await readAll(path);
    expect(conversations.map((c) => c.title)).toEqual(['tree', 'Pre-parsed', null]);
    const flat = conversations[1]!;
    expect(flat.id).toBe('flat-1');
    expect(flat.createdAt).toBe(1_700_000_000_000);
    expect(turns(flat)).toEqual([
      'user: I keep bees',
      'assistant: How many hives?',
      'user: Three\n[image]',
    ]);
    expect(conversations[2]!.idDerived).toBe(true);
    expect(report.messages).toMatchObject({ user: 4, assistant: 2 });
  });

  it('reads the pre-parsed form inside {"conversations": [...]}', async () => {
    const path = await file('wrapped.json', {
      conversations: [{ title: 'Wrapped', messages: [{ role: 'user', content: 'inside' }] }],
    });
    expect((await readAll(path)).conversations.map(turns)).toEqual([['user: inside']]);
  });
});

describe('the same conversation twice', () => {
  const older = chat('c-1', ['Start', 'Reply'], { update_time: 1_700_000_100 });
  const newer = chat('c-1', ['Start', 'Reply', 'Continued', 'Reply again'], {
    update_time: 1_700_000_900,
  });

  it('keeps the newest copy across shards, counts the other as a duplicate, and later reads keep only it', async () => {
    const path = await zip('dup.zip', [
      ['conversations-000.json', [older, chat('c-2', ['Other', 'chat'])]],
      ['conversations-001.json', [newer]],
    ]);
    const first = await readAll(path);
    expect(
      first.items.map((i) =>
        i.kind === 'conversation' ? i.conversation.messages.length : i.skipped.reason,
      ),
    ).toEqual([2, 2, 4]);
    expect(first.items[2]).toMatchObject({ replacesEarlierCopy: true });
    expect(first.report.conversations).toEqual({ seen: 3, read: 2, skipped: 1 });
    expect(first.report.skipped).toEqual({ duplicate: 1 });
    expect(first.report.messages).toMatchObject({ user: 3, assistant: 3 });

    const second = await readAll(path, { copyWinners: first.winners });
    expect(second.conversations.map((c) => [c.id, c.messages.length])).toEqual([
      ['c-2', 2],
      ['c-1', 4],
    ]);
    const ids = second.conversations.flatMap((c) =>
      chunkRows(c, { userId: 'u', importId: 'i', recentSince: null }).map((row) => row.id),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the first copy when a later one is not newer, then the one with more messages', async () => {
    const path = await file('dup.json', [
      newer,
      older,
      chat('c-1', ['Start'], { update_time: 1_700_000_900 }),
    ]);
    const { items, report } = await readAll(path);
    expect(items.map((i) => (i.kind === 'conversation' ? 'kept' : i.skipped.reason))).toEqual([
      'kept',
      'duplicate',
      'duplicate',
    ]);
    expect(report.conversations.read).toBe(1);
  });

  it('gives look-alike conversations without ids distinct ids, and an exact copy none', async () => {
    const noId = (words: string[]) => {
      const c = conversation(
        words.map((w, i) => (i % 2 === 0 ? user(w) : assistant(w))),
        { title: 'Untitled' },
      );
      delete c.id;
      return c;
    };
    const path = await file('no-ids.json', [
      noId(['hi', 'hello']),
      noId(['hi', 'something else']),
      noId(['hi', 'hello']),
    ]);
    const first = await readAll(path);
    const again = await readAll(path);
    expect(first.items.map((i) => (i.kind === 'conversation' ? 'kept' : i.skipped.reason))).toEqual(
      ['kept', 'kept', 'duplicate'],
    );
    const ids = first.conversations.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    expect(again.conversations.map((c) => c.id)).toEqual(ids);
  });
});

describe('files that are not conversations', () => {
  it.each([
    [
      'user.json',
      { id: 'user-1', email: 'a@example.com', chatgpt_plus_user: true },
      /account details/,
    ],
    [
      'conversation_asset_file_names.json',
      { 'file-abc.dat': 'photo.jpg', 'file-def.dat': 'x.png' },
      /attachment file names/,
    ],
    ['group_chats.json', { chats: [] }, /group chats file/],
    [
      'other.json',
      { 'name\nwith\u001b[31m': 1, b: 2, c: 3, d: 4 },
      /fields "name\\nwith\\u001b\[31m", "b", "c", …, but neither/,
    ],
  ])('%s says what it is and what to upload instead', async (name, content, message) => {
    const error = await readAll(await file(name, content)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EXPORT_WRONG_FILE' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain(String.fromCharCode(27));
  });
});
