import type { FactPlan } from './fact-planter.js';
import type { ResolvedOptions } from './options.js';
import type { Prng } from './prng.js';

export type Feature =
  | 'image'
  | 'voice'
  | 'codeInterpreter'
  | 'browsing'
  | 'reasoning'
  | 'attachments'
  | 'customInstructions'
  | 'memorySnapshot'
  | 'memoryWrite'
  | 'continuation'
  | 'branched'
  | 'doNotRemember'
  | 'plantedFact';

export interface BranchPlan {
  turn: number;
  kind: 'edit' | 'regenerate';
  /** Alternative (abandoned) siblings made next to the active child. */
  alternatives: number;
  /** Index of the active child among its siblings (0 = first). */
  activePosition: number;
}

/** Everything decided about a conversation before any node is built. */
export interface ConversationPlan {
  turns: number;
  voice: boolean;
  reasoning: boolean;
  doNotRemember: boolean;
  customInstructions: boolean;
  memorySnapshot: boolean;
  imageTurns: Set<number>;
  attachmentTurn: number | null;
  codeTurn: number | null;
  browseTurn: number | null;
  memoryWriteTurn: number | null;
  continuationTurn: number | null;
  branches: BranchPlan[];
  fact: (FactPlan & { turn: number }) | null;
}

function turnCount(rng: Prng, voice: boolean): number {
  if (voice) return rng.int(2, 8);
  if (rng.chance(0.025)) return rng.int(15, 45);
  return 1 + Math.min(30, Math.floor(rng.exponential(3.1)));
}

const someTurn = (rng: Prng, turns: number, yes: boolean): number | null =>
  yes ? rng.int(0, turns - 1) : null;

/** Custom instructions (July 2023) and memory (February 2024) do not appear before they existed. */
export const CUSTOM_INSTRUCTIONS_SINCE = Date.UTC(2023, 6, 20) / 1000;
export const MEMORY_SINCE = Date.UTC(2024, 1, 13) / 1000;

export function planConversation(
  rng: Prng,
  options: ResolvedOptions,
  startedAt: number,
  doNotRemember: boolean,
  fact: FactPlan | null,
): ConversationPlan {
  const mix = options.contentMix;
  const voice = rng.chance(mix.voice);
  const turns = Math.min(options.maxTurns, turnCount(rng, voice));
  const imageTurns = new Set<number>();
  if (!voice && rng.chance(mix.image)) {
    imageTurns.add(rng.int(0, turns - 1));
    if (rng.chance(0.3)) imageTurns.add(rng.int(0, turns - 1));
  }
  const branches: BranchPlan[] = [];
  const factTurn = fact ? [0, Math.floor(turns / 2), turns - 1][rng.int(0, 2)]! : -1;
  const wantsBranch = rng.chance(options.branchRate) || fact?.abandoned === true;
  if (wantsBranch) {
    const count = turns > 3 && rng.chance(0.25) ? 2 : 1;
    const turnsWithBranch = new Set<number>(fact?.abandoned ? [factTurn] : []);
    while (turnsWithBranch.size < count) turnsWithBranch.add(rng.int(0, turns - 1));
    for (const turn of [...turnsWithBranch].sort((a, b) => a - b)) {
      const alternatives = rng.chance(0.3) ? 2 : 1;
      const kind =
        turn === factTurn && fact?.abandoned ? 'edit' : rng.chance(0.5) ? 'edit' : 'regenerate';
      branches.push({ turn, kind, alternatives, activePosition: rng.int(0, alternatives) });
    }
  }
  const memory = startedAt >= MEMORY_SINCE ? options.memory : { snapshotRate: 0, writeRate: 0 };
  return {
    turns,
    voice,
    reasoning: !voice && rng.chance(mix.reasoning),
    doNotRemember,
    customInstructions: rng.chance(
      startedAt >= CUSTOM_INSTRUCTIONS_SINCE ? options.customInstructionsRate : 0,
    ),
    memorySnapshot: !doNotRemember && rng.chance(memory.snapshotRate),
    imageTurns,
    attachmentTurn: someTurn(rng, turns, !voice && rng.chance(mix.attachments)),
    codeTurn: someTurn(rng, turns, !voice && rng.chance(mix.codeInterpreter)),
    browseTurn: someTurn(rng, turns, !voice && rng.chance(mix.browsing)),
    memoryWriteTurn: someTurn(rng, turns, !voice && !doNotRemember && rng.chance(memory.writeRate)),
    continuationTurn: someTurn(rng, turns, !voice && rng.chance(options.continuationRate)),
    branches,
    fact: fact && { ...fact, turn: factTurn },
  };
}

/** Feature labels for the ground truth and the summary's counts. */
export function featuresOf(plan: ConversationPlan, memoryWrites: number): Feature[] {
  const features: Feature[] = [];
  if (plan.imageTurns.size > 0) features.push('image');
  if (plan.voice) features.push('voice');
  if (plan.codeTurn !== null) features.push('codeInterpreter');
  if (plan.browseTurn !== null) features.push('browsing');
  if (plan.reasoning) features.push('reasoning');
  if (plan.attachmentTurn !== null) features.push('attachments');
  if (plan.customInstructions) features.push('customInstructions');
  if (plan.memorySnapshot) features.push('memorySnapshot');
  if (memoryWrites > 0) features.push('memoryWrite');
  if (plan.continuationTurn !== null) features.push('continuation');
  if (plan.branches.length > 0) features.push('branched');
  if (plan.doNotRemember) features.push('doNotRemember');
  if (plan.fact) features.push('plantedFact');
  return features;
}
