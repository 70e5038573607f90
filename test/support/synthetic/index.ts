/** Synthetic ChatGPT exports for tests and benchmarks. See write-json.ts and write-zip.ts. */
export type { CustomInstructions } from './account-world.js';
export type { Feature } from './conversation-plan.js';
export { syntheticConversations } from './conversation-stream.js';
export type { PlantedFact } from './fact-planter.js';
export type { ConversationTruth, SyntheticSummary } from './ground-truth.js';
export type {
  ContentMix,
  ExportLayout,
  FactCategory,
  MemoryOptions,
  PlantedFactSpec,
  PlantedFactsOptions,
  ProfileOptions,
  SyntheticExportOptions,
} from './options.js';
export {
  activeBranch,
  isVisible,
  messagesContaining,
  messageText,
  visibleMessages,
} from './reference-reader.js';
export { SAMPLE_FACTS, SAMPLE_OPTIONS } from './sample-export.js';
export type { SynthesizedConversation } from './synthesize-conversation.js';
export { type SyntheticWriteOptions, writeSyntheticJson } from './write-json.js';
export { type SyntheticZipOptions, writeSyntheticZip } from './write-zip.js';
