import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { badInput } from '../../core/errors.js';
import { AccountContextCollector } from './account-context.js';
import { selectConversationFiles } from './conversation-files.js';
import {
  accountFileNotConversations,
  allExcluded,
  claudeExport,
  emptyConversationList,
  notAConversationList,
  nothingReadable,
  wrongFileKind,
} from './export-errors.js';
import { ReportBuilder } from './export-report.js';
import { JsonArraySplitter, type SplitElement } from './json-array-splitter.js';
import {
  looseIdentity,
  type NormalizeContext,
  normalizeConversation,
} from './normalize-conversation.js';
import { readZipEntry } from './read-zip-entry.js';
import { sniffFile } from './sniff-file.js';
import type { AccountContext, ExportItem, ExportReport } from './types.js';
import { listZipEntries, type ZipEntryInfo } from './zip-archive.js';

export interface ReadExportOptions {
  /** A conversation larger than this is skipped and counted (default 64 MB). */
  maxConversationBytes: number;
  /** A conversations file that inflates past this is refused as a ZIP bomb. */
  maxEntryBytes: number;
  /** Conversations marked "do not remember" are excluded unless this is set. */
  includeDoNotRemember: boolean;
}

export const DEFAULT_READ_OPTIONS: ReadExportOptions = {
  maxConversationBytes: 64 * 1024 * 1024,
  maxEntryBytes: 8 * 1024 ** 3,
  includeDoNotRemember: false,
};

/** One JSON document to scan: a whole `.json` file, or one entry of a ZIP. */
interface Source {
  name: string;
  compressedBytes: number;
  open(progress: { compressedBytesRead: number }): AsyncIterable<Buffer>;
}

const READ_CHUNK_BYTES = 1 << 20;

/**
 * Reads a ChatGPT export (`.zip` or `.json`) as a stream: `items()` yields one normalized
 * conversation (or skip) at a time; `report()` and `accountContext()` are complete once
 * `items()` has finished. Only one conversation is in memory at a time.
 */
export class ExportReader {
  private readonly stats = new ReportBuilder();
  private readonly account = new AccountContextCollector();
  private readonly progressState = { done: 0, current: { compressedBytesRead: 0 } };

  private constructor(
    private readonly path: string,
    private readonly format: 'zip' | 'json',
    private readonly sources: Source[],
    private readonly fileBytes: number,
    private readonly options: ReadExportOptions,
  ) {}

  static async open(path: string, options: Partial<ReadExportOptions> = {}): Promise<ExportReader> {
    const opts = { ...DEFAULT_READ_OPTIONS, ...options };
    const info = await stat(path).catch((error: unknown) => {
      throw badInput(
        'FILE_NOT_FOUND',
        `There is no file at "${path}". Check the path and try again.`,
        error,
      );
    });
    if (!info.isFile())
      throw badInput(
        'FILE_UNREADABLE',
        `"${path}" is a folder, not a file. Give the path of the export ZIP.`,
      );
    const sniff = await sniffFile(path);
    if (sniff.kind === 'zip') {
      const entries = selectConversationFiles(path, await listZipEntries(path), opts.maxEntryBytes);
      const sources = entries.map((entry) => zipSource(path, entry, opts.maxEntryBytes));
      return new ExportReader(path, 'zip', sources, info.size, opts);
    }
    if (sniff.kind !== 'json') throw wrongFileKind(path, sniff.kind);
    return new ExportReader(path, 'json', [jsonFileSource(path, info.size)], info.size, opts);
  }

  /** Compressed (on-disk) bytes of the conversation files read so far, and in all. */
  progress(): { bytesRead: number; totalBytes: number } {
    const totalBytes = this.sources.reduce((sum, s) => sum + s.compressedBytes, 0);
    return {
      bytesRead: Math.min(
        totalBytes,
        this.progressState.done + this.progressState.current.compressedBytesRead,
      ),
      totalBytes,
    };
  }

  async *items(): AsyncGenerator<ExportItem> {
    const ctx: NormalizeContext = {
      report: this.stats,
      account: this.account,
      includeDoNotRemember: this.options.includeDoNotRemember,
    };
    const objectSources: JsonArraySplitter[] = [];
    for (const source of this.sources) {
      const splitter = new JsonArraySplitter(source.name, this.options.maxConversationBytes);
      this.progressState.current = { compressedBytesRead: 0 };
      for await (const chunk of source.open(this.progressState.current)) {
        this.stats.jsonBytes += chunk.length;
        for (const element of splitter.push(chunk)) {
          yield this.readElement(element, source.name, ctx);
        }
      }
      splitter.end(this.stats.conversationsSeen);
      if (!splitter.foundConversationList) objectSources.push(splitter);
      this.progressState.done += source.compressedBytes;
      this.progressState.current = { compressedBytesRead: 0 };
    }
    this.checkSomethingWasRead(objectSources);
  }

  report(): ExportReport {
    const account = this.account.result();
    return this.stats.build(
      {
        path: this.path,
        format: this.format,
        files: this.sources.map((s) => s.name),
        bytes: this.fileBytes,
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

  private readElement(
    element: SplitElement,
    sourceName: string,
    ctx: NormalizeContext,
  ): ExportItem {
    const first = this.stats.conversationsSeen === 0;
    this.stats.conversationsSeen++;
    if (element.bytes === null) {
      this.stats.skip('too_large');
      return {
        kind: 'skipped',
        skipped: { id: null, title: null, reason: 'too_large', detail: `${element.size} bytes` },
      };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(element.bytes.toString('utf8'));
    } catch {
      this.stats.skip('invalid_json');
      return {
        kind: 'skipped',
        skipped: {
          id: null,
          title: null,
          reason: 'invalid_json',
          detail: `at byte ${element.offset}`,
        },
      };
    }
    if (first && isClaudeConversation(raw)) throw claudeExport(sourceName);
    const item = normalizeConversation(raw, ctx);
    if (item.kind === 'skipped' && item.skipped.id === null) {
      item.skipped = { ...item.skipped, ...looseIdentity(raw) };
    }
    return item;
  }

  private checkSomethingWasRead(objectSources: JsonArraySplitter[]): void {
    const name = basename(this.path);
    if (this.stats.conversationsSeen === 0) {
      const object = objectSources[0];
      if (object && (object.keys.has('email') || object.keys.has('chatgpt_plus_user'))) {
        throw accountFileNotConversations(this.path);
      }
      if (object) throw notAConversationList(this.sources[0]?.name ?? name);
      throw emptyConversationList(this.sources.length === 1 ? this.sources[0]!.name : name);
    }
    if (this.stats.conversationsRead > 0) return;
    const excluded = this.stats.skipped.do_not_remember ?? 0;
    if (excluded > 0 && excluded === this.stats.conversationsSeen)
      throw allExcluded(name, excluded);
    throw nothingReadable(name, this.stats.conversationsSeen, this.stats.skipped);
  }
}

function jsonFileSource(path: string, size: number): Source {
  return {
    name: basename(path),
    compressedBytes: size,
    async *open(progress) {
      const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          progress.compressedBytesRead = stream.bytesRead;
          yield chunk;
        }
      } finally {
        stream.destroy();
      }
    },
  };
}

function zipSource(path: string, entry: ZipEntryInfo, maxBytes: number): Source {
  return {
    name: entry.name,
    compressedBytes: entry.compressedSize,
    open: (progress) => readZipEntry(path, entry, maxBytes, progress),
  };
}

/** Claude exports are arrays of `{uuid, name, chat_messages}`; ChatGPT's never have those. */
function isClaudeConversation(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  return 'chat_messages' in r || ('uuid' in r && 'name' in r && !('mapping' in r));
}
