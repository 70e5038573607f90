import type { PlantedTruth } from './facts-export.js';

/**
 * Coverage = the share of planted facts whose needle (an invented word used nowhere else in
 * the export) occurs in text that reached an extraction prompt. Counted over the facts an
 * extraction could legitimately see: on the active branch (not in an abandoned edit or
 * regeneration) and not in a do-not-remember conversation (the reader excludes those).
 */
export function eligibleFacts(facts: readonly PlantedTruth[]): PlantedTruth[] {
  return facts.filter((f) => f.onActiveBranch && !f.doNotRemember);
}

/** Collects the words of prompt text, so needles can be looked up without keeping the text. */
export class WordSet {
  readonly words = new Set<string>();

  add(text: string): void {
    for (const match of text.matchAll(/\p{Lu}[\p{L}]+/gu)) this.words.add(match[0]);
  }

  covered(fact: PlantedTruth): boolean {
    return this.words.has(fact.needle);
  }
}

export interface CoverageLine {
  label: string;
  facts: number;
  ours: number;
  old: number;
}

/** Coverage overall and by where the fact sits: turn, conversation length, age. */
export function coverageBreakdown(
  facts: readonly PlantedTruth[],
  ours: WordSet,
  old: WordSet,
): CoverageLine[] {
  const times = facts.map((f) => f.startedAt).sort((a, b) => a - b);
  const third = times[Math.floor(times.length / 3)] ?? 0;
  const twoThirds = times[Math.floor((2 * times.length) / 3)] ?? 0;
  const groups: Array<[string, (f: PlantedTruth) => boolean]> = [
    ['all eligible facts', () => true],
    ['in the first user turn', (f) => f.turn === 0],
    ['in a middle user turn', (f) => f.turn > 0 && f.turn < f.turns - 1],
    ['in the last user turn (of ≥ 2)', (f) => f.turns > 1 && f.turn === f.turns - 1],
    ['short conversations (1-2 turns)', (f) => f.turns <= 2],
    ['long conversations (≥ 10 turns)', (f) => f.turns >= 10],
    ['oldest third of the export', (f) => f.startedAt < third],
    ['newest third of the export', (f) => f.startedAt >= twoThirds],
  ];
  return groups.map(([label, test]) => {
    const group = facts.filter(test);
    return {
      label,
      facts: group.length,
      ours: group.filter((f) => ours.covered(f)).length,
      old: group.filter((f) => old.covered(f)).length,
    };
  });
}
