import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import StreamZip from 'node-stream-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyntheticSummary } from './ground-truth.js';
import { messagesContaining } from './reference-reader.js';
import { SAMPLE_FACTS, SAMPLE_OPTIONS } from './sample-export.js';
import { writeSyntheticZip } from './write-zip.js';

const COMMITTED = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../samples/sample-export.zip',
);

let dir: string;
let fresh: string;
let summary: SyntheticSummary;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sample-export-'));
  fresh = join(dir, 'sample-export.zip');
  summary = await writeSyntheticZip(fresh, SAMPLE_OPTIONS);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('samples/sample-export.zip', () => {
  it('matches the generator byte for byte', async () => {
    const committed = await readFile(COMMITTED).catch(() => null);
    const regenerated = await readFile(fresh);
    const same = committed?.equals(regenerated) === true;
    expect(
      same,
      'samples/sample-export.zip is missing or out of date with the generator: run `npm run sample:build` and commit the result',
    ).toBe(true);
  });

  it('is small and shows every feature the demo needs', () => {
    expect(summary.zipBytes).toBeLessThan(100_000);
    expect(summary.conversations).toBe(40);
    for (const feature of [
      'customInstructions',
      'memorySnapshot',
      'memoryWrite',
      'voice',
      'image',
      'branched',
      'doNotRemember',
    ] as const) {
      expect(summary.features[feature], feature).toBeGreaterThan(0);
    }
    expect(summary.accountContext.customInstructions).not.toBeNull();
    expect(summary.plantedFacts.map((f) => f.needle)).toEqual(SAMPLE_FACTS.map((f) => f.needle));
  });

  it('has each needle exactly once in the whole archive, where the truth says', async () => {
    const zip = new StreamZip.async({ file: fresh });
    let all = '';
    const conversations: Array<Record<string, unknown>> = [];
    try {
      for (const entry of Object.values(await zip.entries())) {
        if (entry.isDirectory) continue;
        const data = await zip.entryData(entry.name);
        all += data.toString('latin1');
        if (/^conversations-\d{3}\.json$/.test(entry.name))
          conversations.push(...JSON.parse(data.toString()));
      }
    } finally {
      await zip.close();
    }
    for (const fact of summary.plantedFacts) {
      expect(all.split(fact.needle).length - 1, fact.needle).toBe(1);
      expect(messagesContaining(conversations, fact.needle), fact.needle).toEqual([fact.messageId]);
      expect(fact.onActiveBranch).toBe(true);
      expect(fact.doNotRemember).toBe(fact.needle === 'Aalders');
    }
  });
});
