import type { CustomInstructions } from './account-world.js';
import type { ConversationTruth, SyntheticSummary } from './ground-truth.js';
import type { ExportLayout } from './options.js';

/** Folds per-conversation truth into the export summary without keeping the conversations. */
export class SummaryCollector {
  private readonly summary: SyntheticSummary;
  private newestInstructions: { at: number; value: CustomInstructions } | null = null;
  private newestSnapshot: { at: number; entries: string[] } | null = null;
  private readonly writes = new Map<string, number>();

  constructor(seed: number, layout: ExportLayout) {
    this.summary = {
      seed,
      layout,
      conversations: 0,
      nodes: 0,
      jsonBytes: 0,
      files: [],
      shards: [],
      visibleMessages: { user: 0, assistant: 0 },
      visibleTextChars: 0,
      doNotRemember: 0,
      branched: 0,
      features: {},
      accountContext: { customInstructions: null, memorySnapshot: [], memoryWrites: [] },
      plantedFacts: [],
    };
  }

  add(truth: ConversationTruth): void {
    const s = this.summary;
    s.conversations++;
    s.nodes += truth.nodes;
    s.visibleMessages.user += truth.visibleUserMessages;
    s.visibleMessages.assistant += truth.visibleAssistantMessages;
    s.visibleTextChars += truth.visibleTextChars;
    if (truth.doNotRemember) s.doNotRemember++;
    if (truth.features.includes('branched')) s.branched++;
    for (const feature of truth.features) s.features[feature] = (s.features[feature] ?? 0) + 1;
    s.plantedFacts.push(...truth.plantedFacts);
    if (truth.doNotRemember) return;
    const at = truth.startedAt;
    if (truth.customInstructions && (this.newestInstructions?.at ?? -1) < at) {
      this.newestInstructions = { at, value: truth.customInstructions };
    }
    const snapshot = truth.memorySnapshot;
    if (snapshot && snapshot.entries.length > 0 && (this.newestSnapshot?.at ?? -1) < at) {
      this.newestSnapshot = { at, entries: snapshot.entries };
    }
    for (const text of truth.memoryWrites) {
      const seen = this.writes.get(text);
      if (seen === undefined || at < seen) this.writes.set(text, at);
    }
  }

  /** Counts bytes of conversation JSON, including array brackets and separators. */
  addBytes(bytes: number): void {
    this.summary.jsonBytes += bytes;
  }

  addFile(file: string): void {
    this.summary.files.push(file);
  }

  addShard(file: string, conversations: number, bytes: number): void {
    this.summary.shards.push({ file, conversations, bytes });
  }

  result(): SyntheticSummary {
    const s = this.summary;
    s.accountContext = {
      customInstructions: this.newestInstructions?.value ?? null,
      memorySnapshot: this.newestSnapshot?.entries ?? [],
      memoryWrites: [...this.writes.entries()].sort((a, b) => a[1] - b[1]).map(([text]) => text),
    };
    s.shards.sort((a, b) => a.file.localeCompare(b.file));
    return s;
  }
}
