import { CUSTOM_INSTRUCTIONS_SINCE, MEMORY_SINCE } from './conversation-plan.js';
import type { ResolvedOptions } from './options.js';
import { deriveSeed, Prng } from './prng.js';

/** Account-wide state shared by all conversations: custom instructions, saved memories, assets. */

export interface CustomInstructions {
  aboutUser: string;
  aboutModel: string;
}

export interface MemoryEntry {
  /** Epoch seconds when ChatGPT saved it. */
  date: number;
  text: string;
}

export interface AssetFile {
  /** Asset id as used in pointers, e.g. `file-AbC…`. */
  id: string;
  /** Original name, as `conversation_asset_file_names.json` reports it. */
  originalName: string;
  kind: 'png' | 'webp' | 'wav';
  /** False for an asset the conversations reference but the ZIP lacks. */
  inZip: boolean;
}

const JOBS = [
  'secondary school teacher',
  'nurse',
  'software developer',
  'accountant',
  'architect',
  'chef',
  'project manager',
  'electrician',
  'graphic designer',
  'physiotherapist',
];
const HOBBIES = [
  'hiking',
  'baking bread',
  'chess',
  'cycling',
  'woodworking',
  'birdwatching',
  'running',
  'knitting',
  'board games',
  'sailing',
  'pottery',
  'climbing',
];
const STYLE_RULES = [
  'Be concise and skip the pleasantries.',
  'Use metric units.',
  'Explain your reasoning step by step when the question is technical.',
  'Prefer British spelling.',
  'Give me concrete examples rather than general advice.',
  'Ask a clarifying question when my request is ambiguous.',
  'Use bullet points for lists of options.',
  'Keep a friendly, informal tone.',
];
const MEMORY_TEMPLATES = [
  (h: string) => `User enjoys ${h} at weekends.`,
  (h: string) => `User is trying to get better at ${h}.`,
  () => 'User prefers short answers with examples.',
  () => 'User has two children in primary school.',
  () => 'User is vegetarian.',
  () => 'User works mostly from home.',
  () => 'User is saving for a new kitchen.',
  () => 'User drives an electric car.',
  () => 'User is learning Spanish.',
  () => 'User dislikes long meetings.',
  () => 'User has a small vegetable garden.',
  () => 'User is training for a 10 km race.',
];

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

export class AccountWorld {
  readonly userId: string;
  readonly customInstructions: Array<CustomInstructions & { from: number }>;
  readonly memoryEntries: MemoryEntry[];
  readonly assets: AssetFile[];

  constructor(options: ResolvedOptions) {
    const rng = new Prng(deriveSeed(options.seed, 0xacc0));
    const span = options.endTime - options.startTime;
    this.userId = `user-${rng.base62(24)}`;

    const ciTexts = options.profile.customInstructions ?? this.inventInstructions(rng);
    const ciStart = Math.max(options.startTime, CUSTOM_INSTRUCTIONS_SINCE);
    const ciSpan = Math.max(0, options.endTime - ciStart);
    this.customInstructions = ciTexts.map((text, i) => ({
      ...text,
      from: ciStart + (ciSpan * i) / ciTexts.length,
    }));

    const memoryTexts = options.profile.memoryEntries ?? this.inventMemories(rng);
    const memoryStart = Math.max(options.startTime, MEMORY_SINCE);
    const memorySpan = Math.max(0, options.endTime - memoryStart);
    this.memoryEntries = memoryTexts.map((text, i) => ({
      text,
      date: Math.floor(memoryStart + (memorySpan * (i + 0.5)) / memoryTexts.length),
    }));

    this.assets = [
      {
        id: `file-${rng.base62(22)}`,
        originalName: `Screenshot_${isoDay(options.startTime + span / 3)}_at_10.15.22.png`,
        kind: 'png',
        inZip: true,
      },
      {
        id: `file-${rng.base62(22)}`,
        originalName: `dalle-generations/${rng.uuid()}.webp`,
        kind: 'webp',
        inZip: true,
      },
      {
        id: `file-${rng.base62(22)}`,
        originalName: 'audio/voice-note.wav',
        kind: 'wav',
        inZip: true,
      },
      {
        id: `file-${rng.base62(22)}`,
        originalName: 'holiday-photo.jpg',
        kind: 'png',
        inZip: false,
      },
    ];
  }

  /** The custom instructions in effect at a time (the newest version not after it). */
  customInstructionsAt(time: number): CustomInstructions | null {
    let current = this.customInstructions[0];
    for (const version of this.customInstructions) if (version.from <= time) current = version;
    return current ? { aboutUser: current.aboutUser, aboutModel: current.aboutModel } : null;
  }

  /** Saved memories that existed at a time, oldest first. */
  memoriesAt(time: number): MemoryEntry[] {
    return this.memoryEntries.filter((entry) => entry.date <= time);
  }

  /** The `model_set_context` text: numbered, dated lines as in real exports. */
  formatSnapshot(entries: MemoryEntry[]): string {
    return entries
      .map((entry, i) => `${i + 1}. [${isoDay(entry.date)}]. ${entry.text}`)
      .join('\n\n');
  }

  private inventInstructions(rng: Prng): CustomInstructions[] {
    const versions: CustomInstructions[] = [];
    for (let i = 0; i < 3; i++) {
      const [first, second] = rng.shuffled(HOBBIES);
      const rules = rng.shuffled(STYLE_RULES).slice(0, rng.int(2, 4));
      versions.push({
        aboutUser: `I work as a ${rng.pick(JOBS)}. In my free time I like ${first} and ${second}.`,
        aboutModel: rules.join(' '),
      });
    }
    return versions;
  }

  private inventMemories(rng: Prng): string[] {
    return rng.shuffled(MEMORY_TEMPLATES).map((template) => template(rng.pick(HOBBIES)));
  }
}
