import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { badInput } from '../../core/errors.js';
import { AccountContextCollector } from './account-context.js';
import { replayAccountEvents } from './account-context-recorder.js';
import { ConversationCopies, type CopyWinners } from './conversation-copies.js';
import { selectConversationFiles } from './conversation-files.js';
import {
  type ElementBatch,
  type ExportPlan,
  type PlannedSource,
  type RawElement,
  readElementBatches,
} from './element-batches.js';
import {
  allExcluded,
  claudeExport,
  emptyConversationList,
  nothingReadable,
  wrongFileKind,
} from './export-errors.js';
import { ReportBuilder } from './export-report.js';
import { notAnExport } from './json-object-errors.js';
import type { NormalizeContext } from './normalize-conversation.js';
import { quoteName } from './quote-name.js';
import { readConversationElement } from './read-element.js';
import {
  DEFAULT_MAX_CONVERSATION_BYTES,
  DEFAULT_MAX_ENTRY_BYTES,
  MAX_CONVERSATION_CONTAINERS,
} from './read-limits.js';
import { sniffFile } from './sniff-file.js';
import type { RemoteRead } from './split-protocol.js';
import type { RemoteSplitter } from './split-service.js';
import type { AccountContext, ExportItem, ExportReport } from './types.js';
import { listZipEntries } from './zip-archive.js';

export interface ReadExportOptions {
  /** A conversation larger than this is skipped and counted (default 64 MB). */
  maxConversationBytes: number;
  /** A conversations file that inflates past this is refused as a ZIP bomb. */
  maxEntryBytes: number;
  /** Conversations marked "do not remember" are excluded unless this is set. */
  includeDoNotRemember: boolean;
  /** Finds conversation boundaries on another thread; here when absent. */
  splitter?: RemoteSplitter;
  /**
   * Which copy of each repeated conversation to keep, from an earlier full read of the same file
   * (`ExportReader.copyWinners()`); without it, a later copy is kept only when it is better.
   */
  copyWinners?: CopyWinners;
}

export const DEFAULT_READ_OPTIONS: ReadExportOptions = {
  maxConversationBytes: DEFAULT_MAX_CONVERSATION_BYTES,
  maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES,
  includeDoNotRemember: false,
};

/**
 * Reads a ChatGPT export (`.zip` or `.json`) as a stream: `items()` yields one normalized
 * conversation (or skip) at a time; `report()` and `accountContext()` are complete once
 * `items()` has finished. Only one conversation is parsed at a time; the raw bytes come from
 * element-batches.ts.
 */
export class ExportReader {
  private readonly stats = new ReportBuilder();
  private readonly account = new AccountContextCollector();
  private readonly copies: ConversationCopies;
  /** On-disk bytes of all conversation files, summed once (progress is asked per conversation). */
  private readonly totalBytes: number;
  private bytesRead = 0;

  private constructor(
    private readonly plan: ExportPlan,
    private readonly options: ReadExportOptions,
  ) {
    this.copies = new ConversationCopies(options.copyWinners ?? null);
    this.totalBytes = plan.sources.reduce((sum, source) => sum + source.compressedBytes, 0);
  }

  /** Checks the file and plans what to read; refuses wrong files before reading any data. */
  static async open(path: string, options: Partial<ReadExportOptions> = {}): Promise<ExportReader> {
    const opts = { ...DEFAULT_READ_OPTIONS, ...options };
    const info = await stat(path).catch((error: unknown) => {
      throw badInput(
        'FILE_NOT_FOUND',
        `There is no file at ${quoteName(path)}. Check the path and try again.`,
        error,
      );
    });
    if (!info.isFile()) {
      throw badInput(
        'FILE_UNREADABLE',
        `${quoteName(path)} is a folder, not a file. Give the path of the export ZIP.`,
      );
    }
    const sniff = await sniffFile(path);
    let sources: PlannedSource[];
    if (sniff.kind === 'zip') {
      const entries = selectConversationFiles(path, await listZipEntries(path), opts.maxEntryBytes);
      sources = entries.map((entry) => ({
        name: entry.name,
        compressedBytes: entry.compressedSize,
        zipEntry: entry,
      }));
    } else if (sniff.kind === 'json') {
      sources = [{ name: basename(path), compressedBytes: info.size }];
    } else {
      throw wrongFileKind(path, sniff.kind);
    }
    const plan: ExportPlan = { path, format: sniff.kind, fileBytes: info.size, sources };
    return new ExportReader(plan, opts);
  }

  /** On-disk bytes of the conversation files read so far, and in all. */
  progress(): { bytesRead: number; totalBytes: number } {
    const totalBytes = this.totalBytes;
    return { bytesRead: Math.min(totalBytes, this.bytesRead), totalBytes };
  }

  /**
   * Yields each conversation once, in file order, or why it was skipped. When a later copy of a
   * conversation replaces an earlier one (a first read, without `copyWinners`), the later item
   * carries `replacesEarlierCopy` and the report counts the earlier one as the duplicate.
   */
  async *items(): AsyncGenerator<ExportItem & { replacesEarlierCopy?: true }> {
    const ctx: NormalizeContext = {
      report: this.stats,
      account: this.account,
      includeDoNotRemember: this.options.includeDoNotRemember,
    };
    const limits = {
      maxConversationBytes: this.options.maxConversationBytes,
      maxEntryBytes: this.options.maxEntryBytes,
    };
    const batches = readElementBatches(this.plan, limits, this.options.splitter, {
      includeDoNotRemember: this.options.includeDoNotRemember,
    });
    const objectSources: Array<Extract<ElementBatch, { kind: 'source-end' }>> = [];
    for await (const batch of batches) {
      if (batch.kind === 'source-end') {
        if (batch.counts) this.stats.merge(batch.counts);
        if (!batch.foundConversationList) objectSources.push(batch);
        continue;
      }
      this.stats.jsonBytes += batch.jsonBytes;
      this.bytesRead = batch.bytesRead;
      for (const element of batch.elements) {
        const item = element.read
          ? await this.readRemote(element.read)
          : this.readElement(element, batch.source, ctx);
        yield this.admit(item);
      }
    }
    this.checkSomethingWasRead(objectSources);
  }

  /** After `items()` has finished: which copy of each repeated conversation later reads keep. */
  copyWinners(): CopyWinners {
    return this.copies.winners();
  }

  report(): ExportReport {
    const account = this.account.result();
    return this.stats.build(
      {
        path: this.plan.path,
        format: this.plan.format,
        files: this.plan.sources.map((s) => s.name),
        bytes: this.plan.fileBytes,
      },
      {
        customInstructions: account.customInstructions !== null,
        memorySnapshotEntries: account.memorySnapshot.length,
        memoryWrites: account.memoryWrites.length,
      },
    );
  }

  accountContext(): AccountContext {
    return this.account.result();
  }

  /** Decides between copies of the same conversation, then counts what is kept. */
  private admit(item: ExportItem): ExportItem & { replacesEarlierCopy?: true } {
    if (item.kind !== 'conversation') return item;
    const { conversation } = item;
    const verdict = this.copies.admit(conversation, this.stats.conversationsSeen - 1);
    if (!verdict.keep) {
      this.stats.skip('duplicate');
      return {
        kind: 'skipped',
        skipped: { id: conversation.id, title: conversation.title, reason: 'duplicate' },
      };
    }
    conversation.id = verdict.id;
    this.stats.count(conversation);
    if (!verdict.replaces) return item;
    this.stats.uncount(verdict.replaces);
    return { ...item, replacesEarlierCopy: true };
  }

  /** A conversation the splitting thread read: what it harvested is applied here, in file order. */
  private async readRemote(read: Promise<RemoteRead>): Promise<ExportItem> {
    this.stats.conversationsSeen++;
    const { item, events } = await read;
    replayAccountEvents(events, this.account);
    return item;
  }

  private readElement(element: RawElement, sourceName: string, ctx: NormalizeContext): ExportItem {
    const first = this.stats.conversationsSeen === 0;
    this.stats.conversationsSeen++;
    if (element.complex) {
      this.stats.skip('too_complex');
      const detail = `more than ${MAX_CONVERSATION_CONTAINERS.toLocaleString('en-US')} objects and lists`;
      return { kind: 'skipped', skipped: { id: null, title: null, reason: 'too_complex', detail } };
    }
    if (element.oversized || element.bytes === null) {
      this.stats.skip('too_large');
      return {
        kind: 'skipped',
        skipped: { id: null, title: null, reason: 'too_large', detail: `${element.size} bytes` },
      };
    }
    const { item, claude } = readConversationElement(element.bytes, element.offset, ctx);
    if (first && claude) throw claudeExport(sourceName);
    return item;
  }

  private checkSomethingWasRead(
    objectSources: Array<{ source: string; topLevelKeys: string[] }>,
  ): void {
    const name = basename(this.plan.path);
    const sources = this.plan.sources;
    if (this.stats.conversationsSeen === 0) {
      const object = objectSources[0];
      if (object) throw notAnExport(object.source, object.topLevelKeys);
      throw emptyConversationList(sources.length === 1 ? sources[0]!.name : name);
    }
    if (this.stats.conversationsRead > 0) return;
    const excluded = this.stats.skipped.do_not_remember ?? 0;
    if (excluded > 0 && excluded === this.stats.conversationsSeen) {
      throw allExcluded(name, excluded);
    }
    throw nothingReadable(name, this.stats.conversationsSeen, this.stats.skipped);
  }
}
