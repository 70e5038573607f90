import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type PlantedFact,
  type SyntheticZipOptions,
  writeSyntheticZip,
} from '../../test/support/synthetic/index.js';
import { BENCH_CACHE } from '../synthetic-exports.js';

/** A planted fact with when its conversation started (to report coverage by age). */
export interface PlantedTruth extends PlantedFact {
  /** Epoch seconds. */
  startedAt: number;
}

/**
 * 20,000 conversations (legacy layout, like the old system's measured export) with a fact
 * planted in 8 % of them. The generator puts each fact in the first, middle or last user turn,
 * before or after the turn's own text (sometimes after a long paste), in short and long
 * conversations, across 2023-2026, 5 % of them on abandoned branches and some in
 * do-not-remember conversations.
 */
export const FACTS_EXPORT_OPTIONS: SyntheticZipOptions = {
  seed: 2026,
  conversations: 20_000,
  layout: 'legacy',
  plantedFacts: { rate: 0.08 },
  compressionLevel: 1,
};

/** The export and its ground truth, generated once into .bench/ and reused. */
export async function ensureFactsExport(): Promise<{ path: string; facts: PlantedTruth[] }> {
  await mkdir(BENCH_CACHE, { recursive: true });
  const path = join(BENCH_CACHE, 'facts-20k.zip');
  const truthPath = join(BENCH_CACHE, 'facts-20k.truth.json');
  if (!existsSync(path) || !existsSync(truthPath)) {
    process.stderr.write(`generating ${path} (20,000 conversations)…\n`);
    const startedAt = new Map<string, number>();
    const summary = await writeSyntheticZip(`${path}.tmp`, {
      ...FACTS_EXPORT_OPTIONS,
      onConversation: (truth) => {
        if (truth.plantedFacts.length > 0) startedAt.set(truth.id, truth.startedAt);
      },
    });
    const facts = summary.plantedFacts.map((fact) => ({
      ...fact,
      startedAt: startedAt.get(fact.conversationId) ?? 0,
    }));
    await writeFile(truthPath, JSON.stringify(facts));
    await rename(`${path}.tmp`, path);
  }
  return { path, facts: JSON.parse(await readFile(truthPath, 'utf8')) as PlantedTruth[] };
}
