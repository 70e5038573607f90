import type { ExportReport, SkipReason } from './types.js';

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
  firstAt: number | null = null;
  lastAt: number | null = null;
  jsonBytes = 0;
  readonly contentTypes: Record<string, number> = {};
  readonly partTypes: Record<string, number> = {};

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
      dateRange: { first: this.firstAt, last: this.lastAt },
      contentTypes: { ...this.contentTypes },
      partTypes: { ...this.partTypes },
      accountContext,
    };
  }
}
