import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeContext } from '../../test/support/linear-conversation.js';
import { writeSyntheticJson } from '../../test/support/synthetic/index.js';
import { JsonArraySplitter } from './json-array-splitter.js';
import { normalizeConversation } from './normalize-conversation.js';

/** Cutting what the reader never reads: exactly those values, whatever the chunking. */

const conversation = {
  id: 'c1',
  title: 'children are "status" words here',
  current_node: 'n2',
  mapping: {
    n1: { id: 'n1', parent: null, children: ['n2'], message: null },
    n2: {
      id: 'n2',
      parent: 'n1',
      children: [],
      message: {
        id: 'n2',
        author: { role: 'assistant', name: null, metadata: { real_author: 'x' } },
        create_time: 1_700_000_000,
        content: {
          content_type: 'text',
          parts: ['The "children": [1] text stays'],
          children: ['kept'],
        },
        status: 'finished_successfully',
        end_turn: true,
        metadata: {
          model_slug: 'gpt-5',
          finish_details: { type: 'stop', stop_tokens: [1] },
          citations: [{ start_ix: 0 }],
          request_id: 'abc',
          is_visually_hidden_from_conversation: false,
          attachments: [{ name: 'a.png', mime_type: 'image/png' }],
          escaped_key: 'escaped keys are kept',
        },
        recipient: 'all',
      },
    },
  },
};

function splitAll(text: string, chunk: number, compact: boolean): unknown[] {
  const splitter = new JsonArraySplitter('x.json', 1 << 30, true, undefined, compact);
  const bytes = Buffer.from(text);
  const out: unknown[] = [];
  for (let at = 0; at < bytes.length; at += chunk) {
    for (const element of splitter.push(bytes.subarray(at, at + chunk))) {
      out.push(JSON.parse(element.bytes!.toString('utf8')));
    }
  }
  splitter.end(out.length);
  return out;
}

describe('element compaction', () => {
  it('replaces exactly the unread values with 0, in one chunk or split at every byte', () => {
    // An escaped key (here "request_ip") is never recognized, so never dropped.
    const text = JSON.stringify([conversation, conversation]).replaceAll(
      '"escaped_key"',
      '"request_\\u0069p"',
    );
    const expected = JSON.parse(text);
    // biome-ignore lint/suspicious/noExplicitAny: the test edits the parsed JSON in place
    for (const node of Object.values(expected[0].mapping) as Array<Record<string, any>>) {
      node.children = 0;
      if (!node.message) continue;
      node.message.status = 0;
      node.message.author.metadata = 0;
      node.message.metadata.finish_details = 0;
      node.message.metadata.citations = 0;
      node.message.metadata.request_id = 0;
    }
    expected[1] = expected[0];
    for (const chunk of [1, 2, 3, 7, 64, text.length]) {
      expect(splitAll(text, chunk, true)).toEqual(expected);
    }
    expect(splitAll(text, 5, false)).toEqual(JSON.parse(text));
  });

  it('changes nothing the reader produces from a synthetic export', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'soulprint-compact-'));
    try {
      const path = join(dir, 'export.json');
      await writeSyntheticJson(path, { seed: 5, conversations: 120, branchRate: 0.3 });
      const text = await readFile(path, 'utf8');
      const read = (compact: boolean) => {
        const ctx = normalizeContext();
        const items = splitAll(text, 4096, compact).map((raw) => normalizeConversation(raw, ctx));
        return { items, report: ctx.report, account: ctx.account.result() };
      };
      const compacted = read(true);
      expect(compacted.items).toEqual(read(false).items);
      expect(compacted.report).toEqual(read(false).report);
      expect(compacted.account).toEqual(read(false).account);
      const raw = Buffer.byteLength(text);
      const kept = splitAll(text, 1 << 20, true).reduce<number>(
        (sum, c) => sum + JSON.stringify(c).length,
        0,
      );
      expect(kept).toBeLessThan(raw * 0.9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
