import { FACT_TEMPLATES, spokenDate } from './fact-templates.js';
import type { InventedWords } from './invented-words.js';
import type { FactCategory, PlantedFactSpec, ResolvedOptions } from './options.js';
import type { Prng } from './prng.js';

/** A fact the generator planted, and exactly where. */
export interface PlantedFact {
  conversationId: string;
  messageId: string;
  category: FactCategory;
  text: string;
  needle: string;
  /** The conversation is marked do-not-remember. */
  doNotRemember: boolean;
  /** False when the message sits on an abandoned branch (an edit or regeneration not shown). */
  onActiveBranch: boolean;
  /** Index of the user turn that carries it, and how many user turns the conversation has. */
  turn: number;
  turns: number;
  contentType: 'text' | 'multimodal_text';
}

/** What the conversation builder is asked to plant. */
export interface FactPlan {
  category: FactCategory;
  text: string;
  needle: string;
  abandoned: boolean;
}

const CATEGORIES: FactCategory[] = [
  'preference',
  'project',
  'date',
  'belief',
  'decision',
  'relationship',
];
const IDENTITY_FIRST = 3;

/** Decides which conversations get a planted fact, and writes generated ones. */
export class FactPlanter {
  private readonly explicit: PlantedFactSpec[] | null;
  private nextExplicit = 0;
  private generated = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly words: InventedWords,
  ) {
    const facts = options.plantedFacts?.facts ?? null;
    for (const fact of facts ?? []) {
      if (!fact.text.includes(fact.needle)) {
        throw new Error(
          `synthetic export: planted fact "${fact.text}" does not contain its needle "${fact.needle}"`,
        );
      }
      words.reserve(fact.needle);
    }
    this.explicit = facts;
  }

  /**
   * The fact for conversation `index`, if any. `doNotRemember` is the conversation's own roll;
   * a hand-written fact that asks for a do-not-remember conversation returns `forceDoNotRemember`.
   */
  planFor(
    index: number,
    rng: Prng,
    doNotRemember: boolean,
    year: number,
  ): { plan: FactPlan; forceDoNotRemember: boolean } | null {
    const settings = this.options.plantedFacts;
    if (!settings) return null;
    if (this.explicit) return this.planExplicit(index, rng, doNotRemember);
    if (!rng.chance(settings.rate)) return null;
    const category: FactCategory =
      this.generated < IDENTITY_FIRST || rng.chance(0.04) ? 'identity' : rng.pick(CATEGORIES);
    const templates = FACT_TEMPLATES[category];
    const template =
      category === 'identity' && this.generated < IDENTITY_FIRST
        ? templates[this.generated]!
        : rng.pick(templates);
    this.generated++;
    const needle = this.words.next();
    const text = template(needle, spokenDate(rng, year + rng.int(0, 1)), rng);
    return {
      plan: { category, text, needle, abandoned: rng.chance(settings.abandonedRate) },
      forceDoNotRemember: false,
    };
  }

  private planExplicit(
    index: number,
    rng: Prng,
    doNotRemember: boolean,
  ): { plan: FactPlan; forceDoNotRemember: boolean } | null {
    const facts = this.explicit!;
    const spec = facts[this.nextExplicit];
    if (!spec) return null;
    const total = this.options.conversations;
    const due =
      total === null
        ? rng.chance(this.options.plantedFacts!.rate)
        : index >= Math.floor(((this.nextExplicit + 0.5) * total) / facts.length);
    if (!due) return null;
    const wantsDoNotRemember = spec.doNotRemember === true;
    if (doNotRemember && !wantsDoNotRemember) return null;
    this.nextExplicit++;
    return {
      plan: { category: spec.category, text: spec.text, needle: spec.needle, abandoned: false },
      forceDoNotRemember: wantsDoNotRemember,
    };
  }
}
