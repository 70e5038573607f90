import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConversationTruth,
  type SyntheticSummary,
  writeSyntheticZip,
} from '../../test/support/synthetic/index.js';
import { ExportReader } from './read-export.js';
import type { ExportItem } from './types.js';

/**
 * The reader against the generator's ground truth: a 2026-layout export with every feature
 * (shards written out of order in a folder, macOS junk, branches, voice, images, tools,
 * reasoning, custom instructions, memory, do-not-remember, omitted fields, sorted keys).
 */
let dir: string;
let summary: SyntheticSummary;
const truths = new Map<string, ConversationTruth>();
let items: ExportItem[];
let reader: ExportReader;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-synth-'));
  const path = join(dir, 'export.zip');
  summary = await writeSyntheticZip(path, {
    seed: 7,
    conversations: 400,
    layout: '2026',
    shardSize: 37,
    branchRate: 0.4,
    contentMix: {
      image: 0.2,
      voice: 0.15,
      codeInterpreter: 0.15,
      browsing: 0.15,
      reasoning: 0.2,
      attachments: 0.1,
    },
    doNotRememberRate: 0.1,
    folder: 'ChatGPT Export',
    macJunk: true,
    shardOrder: 'scrambled',
    onConversation: (truth: ConversationTruth) => {
      truths.set(truth.id, truth);
    },
  });
  reader = await ExportReader.open(path);
  items = [];
  for await (const item of reader.items()) items.push(item);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a synthetic 2026 export', () => {
  it('yields every conversation once, shard by shard in numeric order', () => {
    const ids = items.map((i) => (i.kind === 'conversation' ? i.conversation.id : i.skipped.id));
    const expected = [...truths.values()]
      .sort((a, b) => a.file.localeCompare(b.file) || a.index - b.index)
      .map((t) => t.id);
    expect(ids).toEqual(expected);
  });

  it('keeps exactly the visible messages of the active branch, by role', () => {
    let compared = 0;
    for (const item of items) {
      if (item.kind !== 'conversation') continue;
      const truth = truths.get(item.conversation.id)!;
      const roles = item.conversation.messages.map((m) => m.role);
      expect({
        id: truth.id,
        user: roles.filter((r) => r === 'user').length,
        assistant: roles.filter((r) => r === 'assistant').length,
      }).toEqual({
        id: truth.id,
        user: truth.visibleUserMessages,
        assistant: truth.visibleAssistantMessages,
      });
      compared++;
    }
    expect(compared).toBe(summary.conversations - summary.doNotRemember);
  });

  it('excludes do-not-remember conversations and reports them', () => {
    const skipped = items.filter((i) => i.kind === 'skipped');
    expect(skipped.length).toBe(summary.doNotRemember);
    expect(
      skipped.every((i) => i.kind === 'skipped' && i.skipped.reason === 'do_not_remember'),
    ).toBe(true);
    expect(reader.report().skipped).toEqual({ do_not_remember: summary.doNotRemember });
  });

  it('harvests the newest custom instructions, memory snapshot and memory writes', () => {
    const account = reader.accountContext();
    expect({ ...account, memorySnapshot: account.memorySnapshot.map((e) => e.text) }).toEqual(
      summary.accountContext,
    );
    expect(account.memorySnapshot.every((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.date ?? ''))).toBe(
      true,
    );
  });

  it('counts the branch nodes it left out', () => {
    const dropped = [...truths.values()]
      .filter((t) => !t.doNotRemember)
      .reduce((sum, t) => sum + t.nodes - t.activeBranchNodes, 0);
    expect(reader.report().branchNodesDropped).toBe(dropped);
    expect(reader.report().partTypes.audio_transcription).toBeGreaterThan(0);
  });
});
