import type { ReplacedCopy } from './conversation-copies.js';
import type { ExportReport, NormalizedConversation, SkipReason } from './types.js';

/** The counters normalizing a conversation adds to (everything but what the reader counts itself). */
export interface NormalizeCounts {
  skipped: Partial<Record<SkipReason, number>>;
  messagesDropped: number;
  branchNodesDropped: number;
  branchFallbacks: number;
  canvasEditsSkipped: number;
  contentTypes: Record<string, number>;
  partTypes: Record<string, number>;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

/** Mutable counters filled while reading; `ExportReport` is their final, plain form. */
export class ReportBuilder {
  conversationsSeen = 0;
  conversationsRead = 0;
  readonly skipped: Partial<Record<SkipReason, number>> = {};
  messagesUser = 0;
  messagesAssistant = 0;
  messagesSystem = 0;
  messagesDropped = 0;
  branchNodesDropped = 0;
  branchFallbacks = 0;
  derivedIds = 0;
  canvasEditsSkipped = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  jsonBytes = 0;
  readonly contentTypes: Record<string, number> = {};
  readonly partTypes: Record<string, number> = {};

  /** Counts a conversation the read keeps. */
  count(conversation: NormalizedConversation): void {
    for (const message of conversation.messages) {
      if (message.role === 'user') this.messagesUser++;
      else if (message.role === 'assistant') this.messagesAssistant++;
      else this.messagesSystem++;
      this.seeTime(message.createdAt);
    }
    this.conversationsRead++;
    if (conversation.idDerived) this.derivedIds++;
  }

  /** Takes back the counts of an earlier copy that a better one replaced (now a duplicate). */
  uncount(copy: ReplacedCopy): void {
    this.messagesUser -= copy.user;
    this.messagesAssistant -= copy.assistant;
    this.messagesSystem -= copy.system;
    this.conversationsRead--;
    this.skip('duplicate');
  }

  /** What normalizing conversations added (on another thread), to `merge` into the reader's report. */
  normalizeCounts(): NormalizeCounts {
    return {
      skipped: { ...this.skipped },
      messagesDropped: this.messagesDropped,
      branchNodesDropped: this.branchNodesDropped,
      branchFallbacks: this.branchFallbacks,
      canvasEditsSkipped: this.canvasEditsSkipped,
      contentTypes: { ...this.contentTypes },
      partTypes: { ...this.partTypes },
    };
  }

  merge(counts: NormalizeCounts): void {
    for (const [reason, n] of Object.entries(counts.skipped)) {
      this.skipped[reason as SkipReason] = (this.skipped[reason as SkipReason] ?? 0) + n;
    }
    this.messagesDropped += counts.messagesDropped;
    this.branchNodesDropped += counts.branchNodesDropped;
    this.branchFallbacks += counts.branchFallbacks;
    this.canvasEditsSkipped += counts.canvasEditsSkipped;
    addCounts(this.contentTypes, counts.contentTypes);
    addCounts(this.partTypes, counts.partTypes);
  }

  skip(reason: SkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  get skippedTotal(): number {
    return Object.values(this.skipped).reduce((sum, n) => sum + n, 0);
  }

  seeTime(at: number | null): void {
    if (at === null) return;
    if (this.firstAt === null || at < this.firstAt) this.firstAt = at;
    if (this.lastAt === null || at > this.lastAt) this.lastAt = at;
  }

  build(
    source: ExportReport['source'],
    accountContext: ExportReport['accountContext'],
  ): ExportReport {
    return {
      source,
      jsonBytes: this.jsonBytes,
      conversations: {
        seen: this.conversationsSeen,
        read: this.conversationsRead,
        skipped: this.skippedTotal,
      },
      skipped: { ...this.skipped },
      messages: {
        kept: this.messagesUser + this.messagesAssistant + this.messagesSystem,
        user: this.messagesUser,
        assistant: this.messagesAssistant,
        system: this.messagesSystem,
      },
      branchNodesDropped: this.branchNodesDropped,
      branchFallbacks: this.branchFallbacks,
      messagesDropped: this.messagesDropped,
      derivedIds: this.derivedIds,
      canvasEditsSkipped: this.canvasEditsSkipped,
      dateRange: { first: this.firstAt, last: this.lastAt },
      contentTypes: { ...this.contentTypes },
      partTypes: { ...this.partTypes },
      accountContext,
    };
  }
}
