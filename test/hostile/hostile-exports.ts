import { join } from 'node:path';
import { ZipWriter } from '../support/zip/zip-writer.js';

/**
 * Hostile uploads, generated (never checked in): each case writes a small ZIP or JSON whose
 * content is built to cost time or memory out of proportion to its size. `scale` 1 is the size
 * the test suite runs; the huge variants (`SOULPRINT_HOSTILE_HUGE=1`) multiply the dominant
 * dimension. Every export also holds one ordinary conversation, so "the rest imports" is checked.
 */

export interface HostileExport {
  path: string;
  /** What the reader should do: read everything, skip some conversations, or refuse (exit 2). */
  expect:
    | { outcome: 'reads'; conversations: number; skipped?: Record<string, number> }
    | { outcome: 'refuses'; code: string };
}

export interface HostileCase {
  name: string;
  build(dir: string, scale: number): Promise<HostileExport>;
}

const MB = 1024 * 1024;

/** One ordinary two-message conversation, as JSON text. */
export function plainConversation(id: string, text = 'I grow tomatoes on my balcony.'): string {
  return JSON.stringify({
    id,
    conversation_id: id,
    title: `Plain ${id}`,
    create_time: 1_767_225_600,
    current_node: 'a',
    mapping: {
      root: { id: 'root', parent: null, message: null },
      u: message('u', 'root', 'user', text),
      a: message('a', 'u', 'assistant', 'Which varieties?'),
    },
  });
}

function message(id: string, parent: string, role: string, text: string) {
  return {
    id,
    parent,
    message: {
      id,
      author: { role },
      create_time: 1_767_225_600,
      content: { content_type: 'text', parts: [text] },
      recipient: 'all',
    },
  };
}

/** A conversation whose one user message is `text`, with `head`/`tail` JSON around the mapping. */
function* conversationAround(id: string, middle: Iterable<string>): Generator<Buffer> {
  yield Buffer.from(`{"id":"${id}","title":"${id}","current_node":"a","mapping":`);
  for (const piece of middle) yield Buffer.from(piece);
  yield Buffer.from('}');
}

/** `count` copies of `piece` in ~1 MB buffers. */
function* repeated(piece: string, count: number): Generator<string> {
  const perChunk = Math.max(1, Math.floor(MB / piece.length));
  for (let done = 0; done < count; done += perChunk)
    yield piece.repeat(Math.min(perChunk, count - done));
}

async function zipOf(
  dir: string,
  name: string,
  entries: Array<[string, Iterable<Buffer> | string]>,
) {
  const path = join(dir, name);
  const writer = new ZipWriter(path);
  for (const [entry, data] of entries) await writer.addEntry(entry, data);
  await writer.finish();
  return path;
}

/** The conversation list `[plain, ...hostile, plain]` as one streamed entry. */
function* listAround(hostile: Iterable<Buffer>): Generator<Buffer> {
  yield Buffer.from(`[${plainConversation('before')},`);
  yield* hostile;
  yield Buffer.from(`,${plainConversation('after')}]`);
}

function* userMessageMapping(text: Iterable<string>): Generator<string> {
  yield '{"root":{"id":"root","parent":null,"message":null},"a":{"id":"a","parent":"root","message":{"id":"a","author":{"role":"user"},"content":{"content_type":"text","parts":["';
  yield* text;
  yield '"]}}}}';
}

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'unclosed citation markup (4 MB message of entity[ and private-use markers)',
    async build(dir, scale) {
      const shapes = [
        'entity[\\"city\\",\\"Lisbon\\"',
        '\\ue200cite\\ue202turn0search',
        '【4:0',
        ':contentReference[oaicite:',
      ];
      const text = function* () {
        for (let i = 0; i < 4 * scale; i++)
          yield* repeated(`${shapes[i % shapes.length]} `, MB / 24);
      };
      const path = await zipOf(dir, 'citations.zip', [
        [
          'conversations.json',
          listAround(conversationAround('citations', userMessageMapping(text()))),
        ],
      ]);
      return { path, expect: { outcome: 'reads', conversations: 3 } };
    },
  },
  {
    name: "60 MB of {} in one conversation's metadata",
    async build(dir, scale) {
      const middle = function* () {
        yield '{"root":{"id":"root","parent":null,"message":null},"a":{"id":"a","parent":"root","message":{"id":"a","author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]},"metadata":{"x":[';
        yield* repeated('{},', 20 * MB * scale);
        yield '{}]}}}}';
      };
      const path = await zipOf(dir, 'metadata-bomb.zip', [
        ['conversations.json', listAround(conversationAround('bomb', middle()))],
      ]);
      return { path, expect: { outcome: 'reads', conversations: 2, skipped: { too_complex: 1 } } };
    },
  },
  {
    name: '3 million empty mapping nodes (40 MB)',
    async build(dir, scale) {
      const nodes = 3_000_000 * scale;
      const middle = function* () {
        yield '{';
        const perChunk = 50_000;
        for (let i = 0; i < nodes; i += perChunk) {
          let s = '';
          for (let j = i; j < Math.min(nodes, i + perChunk); j++) s += `"${j.toString(36)}":{},`;
          yield s;
        }
        yield '"a":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]}}}}';
      };
      const path = await zipOf(dir, 'empty-nodes.zip', [
        ['conversations.json', listAround(conversationAround('nodes', middle()))],
      ]);
      return { path, expect: { outcome: 'reads', conversations: 2, skipped: { too_complex: 1 } } };
    },
  },
  {
    name: 'one 10 MB single-word message',
    async build(dir, scale) {
      const path = await zipOf(dir, 'one-word.zip', [
        [
          'conversations.json',
          listAround(
            conversationAround('word', userMessageMapping(repeated('x', 10 * MB * scale))),
          ),
        ],
      ]);
      return { path, expect: { outcome: 'reads', conversations: 3 } };
    },
  },
  {
    name: 'a 500,000-message chain',
    async build(dir, scale) {
      const count = 500_000 * scale;
      const middle = function* () {
        yield '{"m0":{"parent":null,"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["0"]}}}';
        for (let i = 1; i < count; i += 20_000) {
          let s = '';
          for (let j = i; j < Math.min(count, i + 20_000); j++) {
            s += `,"m${j}":{"parent":"m${j - 1}","message":{"author":{"role":"${j % 2 ? 'assistant' : 'user'}"},"content":{"content_type":"text","parts":["${j}"]}}}`;
          }
          yield s;
        }
        yield '}';
      };
      const body = function* () {
        yield Buffer.from(
          `{"id":"chain","title":"chain","current_node":"m${count - 1}","mapping":`,
        );
        for (const piece of middle()) yield Buffer.from(piece);
        yield Buffer.from('}');
      };
      const path = await zipOf(dir, 'chain.zip', [['conversations.json', listAround(body())]]);
      return { path, expect: { outcome: 'reads', conversations: 2, skipped: { too_complex: 1 } } };
    },
  },
  {
    name: 'times no date can hold (9e15, 1e300), NUL and lone surrogates in text, title and id',
    async build(dir) {
      const odd = JSON.stringify({
        id: 'odd\u0000id',
        title: 'Title \u0000 with \ud800 a lone surrogate',
        create_time: 9e15,
        update_time: 1e300,
        current_node: 'a',
        mapping: {
          root: { id: 'root', parent: null, message: null },
          u: { ...message('u', 'root', 'user', 'Nul \u0000 here and \udc00 there') },
          a: message('a', 'u', 'assistant', 'Fine \ud83d\ude00'),
        },
      });
      const path = await zipOf(dir, 'odd-text.zip', [
        ['conversations.json', `[${plainConversation('before')},${odd}]`],
      ]);
      return { path, expect: { outcome: 'reads', conversations: 2 } };
    },
  },
  {
    name: '100,000 empty conversation shards',
    async build(dir, scale) {
      const path = join(dir, 'many-shards.zip');
      const writer = new ZipWriter(path, { method: 'store' });
      await writer.addEntry('conversations-000000.json', `[${plainConversation('first')}]`);
      for (let i = 1; i < 100_000 * scale; i++) {
        await writer.addEntry(`conversations-${String(i).padStart(6, '0')}.json`, '[]');
      }
      await writer.finish();
      return { path, expect: { outcome: 'refuses', code: 'ZIP_TOO_MANY_FILES' } };
    },
  },
  {
    name: '16 entries sharing one deflate stream of 100 MB',
    async build(dir, scale) {
      const path = join(dir, 'overlap.zip');
      const writer = new ZipWriter(path, { level: 9 });
      const big = function* () {
        yield Buffer.from(`[${plainConversation('a')}`);
        const filler = Buffer.from(`,${plainConversation('copy')}`.repeat(Math.ceil(MB / 400)));
        for (let i = 0; i < 100 * scale; i++) yield filler;
        yield Buffer.from(']');
      };
      const first = await writer.addEntry('conversations-000.json', big());
      for (let i = 1; i < 16; i++)
        writer.addAlias(`conversations-${String(i).padStart(3, '0')}.json`, first);
      await writer.finish();
      return { path, expect: { outcome: 'refuses', code: 'ZIP_OVERLAPPING_ENTRIES' } };
    },
  },
  {
    name: '50 entries pointing at one shard',
    async build(dir) {
      const path = join(dir, 'aliases.zip');
      const writer = new ZipWriter(path);
      const shard = await writer.addEntry(
        'conversations-000.json',
        `[${plainConversation('one')},${plainConversation('two')}]`,
      );
      for (let i = 1; i < 50; i++)
        writer.addAlias(`conversations-${String(i).padStart(3, '0')}.json`, shard);
      await writer.finish();
      return { path, expect: { outcome: 'refuses', code: 'ZIP_OVERLAPPING_ENTRIES' } };
    },
  },
  {
    name: 'an entry name with a newline, a forged log line and terminal escapes',
    async build(dir) {
      const evil = 'notes\n{"level":"error","msg":"forged"}\u001b[31m.txt';
      const path = await zipOf(dir, 'evil-name.zip', [[evil, 'hello']]);
      return { path, expect: { outcome: 'refuses', code: 'ZIP_NO_CONVERSATIONS' } };
    },
  },
  {
    name: 'an entry path longer than 2 KB',
    async build(dir) {
      const deep = `${'folder/'.repeat(300)}conversations.json`;
      const path = await zipOf(dir, 'long-name.zip', [[deep, `[${plainConversation('deep')}]`]]);
      return { path, expect: { outcome: 'reads', conversations: 1 } };
    },
  },
];
