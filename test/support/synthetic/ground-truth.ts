import type { CustomInstructions } from './account-world.js';
import type { Feature } from './conversation-plan.js';
import type { PlantedFact } from './fact-planter.js';
import type { ExportLayout } from './options.js';

/** What the generator knows about one conversation it built. */
export interface ConversationTruth {
  /** Position in generation order (0-based). */
  index: number;
  id: string;
  title: string | null;
  /** File inside the export that holds it (`conversations.json`, `conversations-003.json`). */
  file: string;
  /** Epoch seconds as written, or null when the field was left out. */
  createTime: number | null;
  /** Epoch seconds of the conversation's start even when `create_time` was left out. */
  startedAt: number;
  updateTime: number;
  doNotRemember: boolean;
  features: Feature[];
  /** Mapping entries, and how many of them lie on the active branch. */
  nodes: number;
  activeBranchNodes: number;
  /** Visible messages on the active branch; consecutive assistant messages count as one. */
  visibleUserMessages: number;
  visibleAssistantMessages: number;
  /** Characters of visible text on the active branch (string parts and transcriptions). */
  visibleTextChars: number;
  plantedFacts: PlantedFact[];
  customInstructions: CustomInstructions | null;
  /** The saved-memory snapshot carried by the conversation: raw text and its entries. */
  memorySnapshot: { raw: string; entries: string[] } | null;
  /** Texts of the `bio` memory writes in the conversation. */
  memoryWrites: string[];
  jsonBytes: number;
}

/** Aggregates over a whole generated export; bounded in size except for the planted facts. */
export interface SyntheticSummary {
  seed: number;
  layout: ExportLayout;
  conversations: number;
  nodes: number;
  /** Uncompressed bytes of all conversation JSON files. */
  jsonBytes: number;
  files: string[];
  shards: Array<{ file: string; conversations: number; bytes: number }>;
  visibleMessages: { user: number; assistant: number };
  /** Characters of visible text on active branches. */
  visibleTextChars: number;
  doNotRemember: number;
  branched: number;
  features: Partial<Record<Feature, number>>;
  /**
   * The newest account context among conversations that are not do-not-remember: custom
   * instructions and memory snapshot from the newest conversation carrying them; memory writes
   * deduplicated, oldest first.
   */
  accountContext: {
    customInstructions: CustomInstructions | null;
    memorySnapshot: string[];
    memoryWrites: string[];
  };
  plantedFacts: PlantedFact[];
  /** Size of the ZIP file, when a ZIP was written. */
  zipBytes?: number;
}
