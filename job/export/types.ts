/** What the export reader produces: one normalized conversation at a time, then a report. */

export type MessageRole = 'user' | 'assistant' | 'system';

export interface NormalizedMessage {
  id: string;
  role: MessageRole;
  /** Visible text, cleaned of citation markup; placeholders such as "[image]" for media. */
  text: string;
  /** Epoch milliseconds, or null when the export has no time for it. */
  createdAt: number | null;
}

export interface NormalizedConversation {
  /** The export's id, or one derived from the content when the file has none (`idDerived`). */
  id: string;
  idDerived: boolean;
  title: string | null;
  /** Epoch milliseconds; falls back to the first/last message time when the export omits it. */
  createdAt: number | null;
  updatedAt: number | null;
  /** Model slug: the conversation's default, or the last assistant message's when that is `auto`. */
  model: string | null;
  /** The custom GPT or project it was held in (`gizmo_id`, `gizmo_type`, `conversation_template_id`). */
  gizmo: { id: string | null; type: string | null; templateId: string | null } | null;
  /** True only when do-not-remember conversations were explicitly included. */
  doNotRemember: boolean;
  /** The branch the user saw, root to leaf, scaffolding dropped, consecutive assistant turns merged. */
  messages: NormalizedMessage[];
}

export type SkipReason =
  | 'too_large'
  /** So many objects and lists that parsing it would take more memory than a job has. */
  | 'too_complex'
  | 'invalid_json'
  | 'invalid_shape'
  | 'no_messages'
  | 'do_not_remember'
  /** Another copy of the same conversation id was kept (newest `update_time`, then more messages). */
  | 'duplicate';

export interface SkippedConversation {
  id: string | null;
  title: string | null;
  reason: SkipReason;
  /** A short, text-free explanation (e.g. which field had the wrong type). */
  detail?: string;
}

export type ExportItem =
  | { kind: 'conversation'; conversation: NormalizedConversation }
  | { kind: 'skipped'; skipped: SkippedConversation };

export interface MemoryEntry {
  text: string;
  /** `YYYY-MM-DD` when ChatGPT dated the entry. */
  date: string | null;
}

/** Harvested once per export; the strongest evidence about the person for later stages. */
export interface AccountContext {
  customInstructions: { aboutUser: string | null; aboutModel: string | null } | null;
  /** The newest non-empty saved-memory snapshot, one entry per numbered item, with its date. */
  memorySnapshot: MemoryEntry[];
  /** Memory writes (assistant messages to `bio`), deduplicated, oldest first. */
  memoryWrites: string[];
}

export interface ExportReport {
  source: { path: string; format: 'zip' | 'json'; files: string[]; bytes: number };
  /** Uncompressed JSON bytes scanned. */
  jsonBytes: number;
  conversations: { seen: number; read: number; skipped: number };
  skipped: Partial<Record<SkipReason, number>>;
  messages: { kept: number; user: number; assistant: number; system: number };
  /** Mapping nodes not on the active branch (abandoned edits and regenerations). */
  branchNodesDropped: number;
  /** Conversations whose `current_node` was missing or dangling (newest leaf used instead). */
  branchFallbacks: number;
  /** Messages on the active branch dropped as scaffolding, tool traffic or empty. */
  messagesDropped: number;
  /** Conversations without an id in the file, given one derived from their content. */
  derivedIds: number;
  /** Canvas edits (`canmore.update_textdoc`) that did not apply or were unsafe to run, skipped. */
  canvasEditsSkipped: number;
  dateRange: { first: number | null; last: number | null };
  contentTypes: Record<string, number>;
  partTypes: Record<string, number>;
  accountContext: {
    customInstructions: boolean;
    memorySnapshotEntries: number;
    memoryWrites: number;
  };
}
