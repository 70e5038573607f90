import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticJson } from '../../test/support/synthetic/index.js';
import { ExportReader } from '../export/read-export.js';
import type { NormalizedConversation } from '../export/types.js';
import { chunkConversation, chunkHeader } from './chunk-conversation.js';
import { chunkRows, RECENT_WINDOW_MS, recentSinceFor } from './chunk-rows.js';
import { DEFAULT_TIERS } from './chunk-tiers.js';

/** Conversations from a synthetic export, plus hand-made edge cases. */
let conversations: NormalizedConversation[];
let dir: string;

const LONG_CODE = `Try this:\n\n\`\`\`ts\n${Array.from({ length: 120 }, (_, i) => `export const n${i} = ${i} * 2;`).join('\n')}\n\`\`\`\n\nDone.`;

function handMade(): NormalizedConversation[] {
  const base = {
    createdAt: Date.UTC(2025, 2, 14),
    updatedAt: null,
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember: false,
  };
  return [
    {
      ...base,
      id: 'edge-1',
      title:
        'A title so long that it would crowd out the text of a micro chunk if it were copied whole into every header of every chunk',
      messages: [
        { id: 'a', role: 'user', text: 'Short question?', createdAt: Date.UTC(2025, 2, 14) },
        { id: 'b', role: 'assistant', text: LONG_CODE, createdAt: Date.UTC(2025, 2, 15) },
        { id: 'c', role: 'user', text: `data:${'x'.repeat(9000)}`, createdAt: null },
        {
          id: 'd',
          role: 'assistant',
          text: 'Ok 😀 '.repeat(400),
          createdAt: Date.UTC(2025, 2, 16),
        },
      ],
    },
    {
      ...base,
      id: 'edge-2',
      title: null,
      createdAt: null,
      messages: [{ id: 'x', role: 'user', text: 'hi', createdAt: null }],
    },
  ];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-chunk-'));
  const path = join(dir, 'export.json');
  await writeSyntheticJson(path, { seed: 5, conversations: 120, layout: '2026', branchRate: 0.3 });
  const reader = await ExportReader.open(path);
  conversations = handMade();
  for await (const item of reader.items())
    if (item.kind === 'conversation') conversations.push(item.conversation);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(DEFAULT_TIERS)('chunkConversation, $tier tier', (spec) => {
  it('never goes over the tier cap', () => {
    for (const c of conversations) {
      for (const chunk of chunkConversation(c, spec))
        expect(chunk.content.length).toBeLessThanOrEqual(spec.maxChars);
    }
  });

  it('puts every message in at least one chunk, whole when it fits', () => {
    for (const c of conversations) {
      const chunks = chunkConversation(c, spec);
      const budget = spec.maxChars - chunkHeader(c, spec.maxChars).length - 1;
      c.messages.forEach((message, i) => {
        const covering = chunks.filter((k) => k.messageStart <= i && i <= k.messageEnd);
        expect(covering.length, `message ${i} of ${c.id}`).toBeGreaterThan(0);
        const label =
          message.role === 'user'
            ? 'User: '
            : message.role === 'assistant'
              ? 'Assistant: '
              : 'Instructions: ';
        if (label.length + message.text.length <= budget) {
          expect(covering.some((k) => k.content.includes(`${label}${message.text}`))).toBe(true);
        } else {
          // Split: every word of it is in one of the chunks covering it.
          const text = covering.map((k) => k.content).join('\n');
          for (const word of message.text
            .split(/\s+/)
            .filter((w) => w.length > 0 && w.length < 100)) {
            expect(text).toContain(word);
          }
        }
      });
    }
  });

  it('keeps the order of messages and starts each chunk with the title and date', () => {
    for (const c of conversations) {
      const chunks = chunkConversation(c, spec);
      const header = chunkHeader(c, spec.maxChars);
      chunks.forEach((chunk, i) => {
        expect(chunk.index).toBe(i);
        expect(chunk.content.startsWith(`${header}\n`)).toBe(true);
        if (i > 0) expect(chunk.messageStart).toBeGreaterThanOrEqual(chunks[i - 1]!.messageStart);
        expect(chunk.messageCount).toBe(chunk.messageEnd - chunk.messageStart + 1);
        expect(chunk.tokenCount).toBe(Math.ceil(chunk.content.length / 4));
      });
    }
  });

  it('gives the same chunks for the same input', () => {
    for (const c of conversations.slice(0, 20))
      expect(chunkConversation(structuredClone(c), spec)).toEqual(chunkConversation(c, spec));
  });
});

describe('chunk headers and overlap', () => {
  it('shortens long titles and names untitled conversations', () => {
    const [long, untitled] = handMade();
    expect(chunkHeader(long!, 500)).toMatch(/^A title so long .{60,100}… \(2025-03-14\)$/);
    expect(chunkHeader(untitled!, 500)).toBe('Untitled conversation');
  });

  it('repeats a little of the previous chunk at the start of the next', () => {
    const c = conversations.find((k) => chunkConversation(k, DEFAULT_TIERS[1]!).length > 3)!;
    const chunks = chunkConversation(c, DEFAULT_TIERS[1]!);
    const overlapping = chunks
      .slice(1)
      .filter((chunk, i) => chunk.messageStart <= chunks[i]!.messageEnd);
    expect(overlapping.length).toBeGreaterThan(0);
  });
});

describe('chunkRows', () => {
  it('gives deterministic ids per import and marks chunks recent relative to the export', () => {
    const c = handMade()[0]!;
    const newest = Date.UTC(2025, 2, 16);
    const ctx = { userId: 'u', importId: 'import-1', recentSince: recentSinceFor(newest) };
    const rows = chunkRows(c, ctx);
    expect(rows.map((r) => r.id)).toEqual(chunkRows(c, ctx).map((r) => r.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const other = chunkRows(c, { ...ctx, importId: 'import-2' });
    expect(other.some((r) => rows.some((s) => s.id === r.id))).toBe(false);
    expect(new Set(rows.map((r) => r.chunkTier))).toEqual(new Set(['micro', 'medium', 'macro']));
    expect(rows.every((r) => r.isRecent)).toBe(true);
    const later = chunkRows(c, { ...ctx, recentSince: newest + RECENT_WINDOW_MS });
    expect(later.some((r) => r.isRecent)).toBe(false);
  });
});
