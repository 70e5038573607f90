/** Options of the synthetic export generator, their defaults, and validation. */

export type ExportLayout = 'legacy' | '2026';

export type FactCategory =
  | 'preference'
  | 'project'
  | 'date'
  | 'belief'
  | 'decision'
  | 'relationship'
  | 'identity';

/** Per-conversation probabilities of each content feature. */
export interface ContentMix {
  /** User turns with `image_asset_pointer` parts. */
  image: number;
  /** Voice conversations: text only in `audio_transcription` parts. */
  voice: number;
  /** Code Interpreter: `code` to `python`, `execution_output` back. */
  codeInterpreter: number;
  /** Browsing: `code` to `browser`, tether displays and quotes, cited answer. */
  browsing: number;
  /** Reasoning: `thoughts` and `reasoning_recap` nodes before answers. */
  reasoning: number;
  /** User file uploads in `metadata.attachments`. */
  attachments: number;
}

export interface MemoryOptions {
  /** Share of conversations carrying a `model_editable_context` snapshot. */
  snapshotRate: number;
  /** Share of conversations with a `bio` memory write. */
  writeRate: number;
}

/** A hand-written fact to plant instead of generated ones. `text` must contain `needle`. */
export interface PlantedFactSpec {
  category: FactCategory;
  text: string;
  needle: string;
  /** Plant it in a do-not-remember conversation (it should then never reach a profile). */
  doNotRemember?: boolean;
}

export interface PlantedFactsOptions {
  /** Share of conversations that get a generated fact. Default 0.05. */
  rate?: number;
  /** Share of generated facts put on an abandoned branch instead of the active one. Default 0.05. */
  abandonedRate?: number;
  /** Plant exactly these (spread over the export) instead of generated facts. */
  facts?: PlantedFactSpec[];
}

/** Overrides for the account-level context (custom instructions and saved memories). */
export interface ProfileOptions {
  /** Versions of the custom instructions, oldest first; later ones replace earlier ones in time. */
  customInstructions?: Array<{ aboutUser: string; aboutModel: string }>;
  /** Saved-memory lines ("User ..."), oldest first; snapshots and `bio` writes draw from them. */
  memoryEntries?: string[];
}

export interface SyntheticExportOptions {
  seed?: number;
  /** Number of conversations. Default 100 when `targetBytes` is not given either. */
  conversations?: number;
  /** Stop once this much uncompressed conversation JSON has been produced. */
  targetBytes?: number;
  layout?: ExportLayout;
  /** Conversations per `conversations-NNN.json` shard (2026 layout). Default 100. */
  shardSize?: number;
  /** Share of conversations with regenerations or edits. Default 0.2. */
  branchRate?: number;
  contentMix?: Partial<ContentMix>;
  /** Share (or true/false) of conversations with a hidden custom-instructions message. Default 0.85. */
  customInstructions?: boolean | number;
  /** Saved-memory snapshots and `bio` writes; true for defaults, false for none. */
  memory?: boolean | Partial<MemoryOptions>;
  doNotRememberRate?: number;
  /** Root null node, hidden empty system message, weight-0 nodes. Default true. */
  hiddenScaffolding?: boolean;
  /** Share of conversations with a "continue generating" split answer. Default 0.05. */
  continuationRate?: number;
  /** true for generated facts at the default rate, or options. Default off. */
  plantedFacts?: boolean | PlantedFactsOptions;
  /** 2026 layout: probability that each optional message/node field is dropped. Default 0.25. */
  omitRate?: number;
  /** 2026 layout: share of conversations without `create_time`. Default 0.05. */
  missingCreateTimeRate?: number;
  /** 2026 layout: share of conversations whose `title` is null. Default 0.03. */
  nullTitleRate?: number;
  /** Multiplies text lengths (1 = sizes like a real export). */
  textScale?: number;
  /** Caps the user turns per conversation (the default allows rare 45-turn conversations). */
  maxTurns?: number;
  /** First and last conversation dates (ISO). Defaults 2023-02-01 and 2026-06-30. */
  startDate?: string;
  endDate?: string;
  /** Escape non-ASCII as \uXXXX like real exports. Default true. */
  escapeNonAscii?: boolean;
  profile?: ProfileOptions;
}

export interface ResolvedOptions {
  seed: number;
  conversations: number | null;
  targetBytes: number | null;
  layout: ExportLayout;
  shardSize: number;
  branchRate: number;
  contentMix: ContentMix;
  customInstructionsRate: number;
  memory: MemoryOptions;
  doNotRememberRate: number;
  hiddenScaffolding: boolean;
  continuationRate: number;
  plantedFacts:
    | (Required<Omit<PlantedFactsOptions, 'facts'>> & { facts: PlantedFactSpec[] | null })
    | null;
  omitRate: number;
  missingCreateTimeRate: number;
  nullTitleRate: number;
  textScale: number;
  maxTurns: number;
  startTime: number;
  endTime: number;
  escapeNonAscii: boolean;
  profile: ProfileOptions;
}

export const DEFAULT_CONTENT_MIX: ContentMix = {
  image: 0.06,
  voice: 0.04,
  codeInterpreter: 0.05,
  browsing: 0.07,
  reasoning: 0.12,
  attachments: 0.06,
};

export const DEFAULT_MEMORY: MemoryOptions = { snapshotRate: 0.35, writeRate: 0.04 };

function rate(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!(result >= 0 && result <= 1))
    throw new Error(`synthetic export: ${name} must be within 0..1, got ${result}`);
  return result;
}

function epochSeconds(name: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`synthetic export: ${name} is not a date: "${iso}"`);
  return ms / 1000;
}

export function resolveOptions(options: SyntheticExportOptions = {}): ResolvedOptions {
  const { conversations, targetBytes } = options;
  if (conversations !== undefined && !(Number.isInteger(conversations) && conversations >= 0)) {
    throw new Error(
      `synthetic export: conversations must be a whole number >= 0, got ${conversations}`,
    );
  }
  if (targetBytes !== undefined && !(targetBytes > 0)) {
    throw new Error(`synthetic export: targetBytes must be positive, got ${targetBytes}`);
  }
  const shardSize = options.shardSize ?? 100;
  if (!(Number.isInteger(shardSize) && shardSize > 0)) {
    throw new Error(
      `synthetic export: shardSize must be a positive whole number, got ${shardSize}`,
    );
  }
  const mix = { ...DEFAULT_CONTENT_MIX, ...options.contentMix };
  for (const [key, value] of Object.entries(mix)) rate(`contentMix.${key}`, value, 0);
  const ci = options.customInstructions;
  const memory =
    options.memory === false
      ? { snapshotRate: 0, writeRate: 0 }
      : { ...DEFAULT_MEMORY, ...(options.memory === true ? {} : options.memory) };
  const facts = options.plantedFacts;
  const factOptions = facts === true ? {} : facts || null;
  const startTime = epochSeconds('startDate', options.startDate ?? '2023-02-01T00:00:00Z');
  const endTime = epochSeconds('endDate', options.endDate ?? '2026-06-30T00:00:00Z');
  if (endTime <= startTime) throw new Error('synthetic export: endDate must be after startDate');
  return {
    seed: (options.seed ?? 1) >>> 0,
    conversations: conversations ?? (targetBytes === undefined ? 100 : null),
    targetBytes: targetBytes ?? null,
    layout: options.layout ?? 'legacy',
    shardSize,
    branchRate: rate('branchRate', options.branchRate, 0.2),
    contentMix: mix,
    customInstructionsRate:
      ci === true ? 0.85 : ci === false ? 0 : rate('customInstructions', ci, 0.85),
    memory: {
      snapshotRate: rate('memory.snapshotRate', memory.snapshotRate, 0),
      writeRate: rate('memory.writeRate', memory.writeRate, 0),
    },
    doNotRememberRate: rate('doNotRememberRate', options.doNotRememberRate, 0.1),
    hiddenScaffolding: options.hiddenScaffolding ?? true,
    continuationRate: rate('continuationRate', options.continuationRate, 0.05),
    plantedFacts: factOptions && {
      rate: rate('plantedFacts.rate', factOptions.rate, 0.05),
      abandonedRate: rate('plantedFacts.abandonedRate', factOptions.abandonedRate, 0.05),
      facts: factOptions.facts ?? null,
    },
    omitRate: rate('omitRate', options.omitRate, 0.25),
    missingCreateTimeRate: rate('missingCreateTimeRate', options.missingCreateTimeRate, 0.05),
    nullTitleRate: rate('nullTitleRate', options.nullTitleRate, 0.03),
    textScale: options.textScale ?? 1,
    maxTurns: Math.max(1, Math.floor(options.maxTurns ?? 45)),
    startTime,
    endTime,
    escapeNonAscii: options.escapeNonAscii ?? true,
    profile: options.profile ?? {},
  };
}
