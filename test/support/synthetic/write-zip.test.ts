import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import StreamZip from 'node-stream-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationTruth } from './ground-truth.js';
import { writeSyntheticJson } from './write-json.js';
import { type SyntheticZipOptions, writeSyntheticZip } from './write-zip.js';

type Json = Record<string, unknown>;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synthetic-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readZip(file: string): Promise<{ names: string[]; data: Map<string, Buffer> }> {
  const zip = new StreamZip.async({ file });
  try {
    const entries = await zip.entries();
    const data = new Map<string, Buffer>();
    for (const entry of Object.values(entries)) {
      if (!entry.isDirectory) data.set(entry.name, await zip.entryData(entry.name));
    }
    return { names: Object.keys(entries), data };
  } finally {
    await zip.close();
  }
}

async function generate(name: string, options: SyntheticZipOptions) {
  const path = join(dir, name);
  const truths: ConversationTruth[] = [];
  const summary = await writeSyntheticZip(path, {
    ...options,
    onConversation: (t) => truths.push(t),
  });
  return { path, summary, truths, ...(await readZip(path)) };
}

describe('writeSyntheticZip', () => {
  it('writes 2026 shards, out of order on request, under a folder with __MACOSX junk', async () => {
    const { path, names, data, summary, truths } = await generate('2026.zip', {
      seed: 4,
      conversations: 35,
      layout: '2026',
      shardSize: 10,
      folder: 'ChatGPT-export',
      macJunk: true,
      shardOrder: 'scrambled',
    });
    const shardNames = names.filter((n) => /^ChatGPT-export\/conversations-\d{3}\.json$/.test(n));
    expect(shardNames).toEqual([
      'ChatGPT-export/conversations-002.json',
      'ChatGPT-export/conversations-001.json',
      'ChatGPT-export/conversations-003.json',
      'ChatGPT-export/conversations-000.json',
    ]);
    for (const file of [
      'export_manifest.json',
      'user.json',
      'user_settings.json',
      'conversation_asset_file_names.json',
      'chat.html',
    ]) {
      expect(names).toContain(`ChatGPT-export/${file}`);
    }
    expect(names).toContain('__MACOSX/ChatGPT-export/._conversations.json');
    const blobs = names.filter((n) => n.endsWith('.dat'));
    expect(blobs.length).toBeGreaterThanOrEqual(2);
    const assetMap = JSON.parse(
      data.get('ChatGPT-export/conversation_asset_file_names.json')!.toString(),
    ) as Json;
    for (const blob of blobs)
      expect(assetMap[blob.replace('ChatGPT-export/', '')]).toBeTypeOf('string');

    const sorted = [...shardNames].sort();
    const shards = sorted.map((n) => JSON.parse(data.get(n)!.toString()) as Json[]);
    expect(shards.map((s) => s.length)).toEqual([10, 10, 10, 5]);
    expect(shards.flat().map((c) => c.id)).toEqual(truths.map((t) => t.id));
    for (const [i, t] of truths.entries()) expect(t.file).toBe(sorted[Math.floor(i / 10)]);
    const manifest = JSON.parse(data.get('ChatGPT-export/export_manifest.json')!.toString());
    expect(manifest.conversations.shards.map((s: Json) => s.count)).toEqual([10, 10, 10, 5]);
    expect(summary.shards.map((s) => s.file)).toEqual(sorted);
    expect(summary.jsonBytes).toBe(sorted.reduce((sum, n) => sum + data.get(n)!.length, 0));
    expect(summary.zipBytes).toBe((await readFile(path)).length);
    try {
      expect(execFileSync('python3', ['-m', 'zipfile', '-t', path], { encoding: 'utf8' })).toMatch(
        /Done testing/,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  });

  it('holds the same conversations as the JSON writer', async () => {
    const options = { seed: 12, conversations: 25, layout: '2026' as const, shardSize: 10 };
    const { data } = await generate('same.zip', options);
    const jsonPath = join(dir, 'same.json');
    await writeSyntheticJson(jsonPath, options);
    const fromJson = JSON.parse(await readFile(jsonPath, 'utf8')) as Json[];
    const fromZip = [
      'conversations-000.json',
      'conversations-001.json',
      'conversations-002.json',
    ].flatMap((n) => JSON.parse(data.get(n)!.toString()) as Json[]);
    expect(fromZip).toEqual(fromJson);
  });

  it('writes the legacy layout, deterministically', async () => {
    const a = await generate('legacy-a.zip', { seed: 3, conversations: 20 });
    const b = await generate('legacy-b.zip', { seed: 3, conversations: 20 });
    const c = await generate('legacy-c.zip', { seed: 4, conversations: 20 });
    expect(a.names).toEqual([
      'conversations.json',
      'user.json',
      'message_feedback.json',
      'chat.html',
    ]);
    expect(JSON.parse(a.data.get('conversations.json')!.toString())).toHaveLength(20);
    expect(JSON.parse(a.data.get('message_feedback.json')!.toString())).toBeInstanceOf(Array);
    expect(a.data.get('chat.html')!.toString()).toContain('var jsonData = ');
    const [bytesA, bytesB, bytesC] = await Promise.all(
      [a.path, b.path, c.path].map((p) => readFile(p)),
    );
    expect(bytesA!.equals(bytesB!)).toBe(true);
    expect(bytesA!.equals(bytesC!)).toBe(false);
  });

  it('writes an empty but valid export for zero conversations', async () => {
    const { data, summary } = await generate('empty.zip', { conversations: 0, layout: '2026' });
    expect(data.get('conversations-000.json')!.toString()).toBe('[]');
    expect(summary.conversations).toBe(0);
  });
});
