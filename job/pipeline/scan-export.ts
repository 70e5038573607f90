import { throwIfAborted } from '../../core/retry.js';
import type { CopyWinners } from '../export/conversation-copies.js';
import { ExportReader, type ReadExportOptions } from '../export/read-export.js';
import type { AccountContext, ExportReport, NormalizedConversation } from '../export/types.js';

/** Something that looks at every conversation of a pass (a sampler, a fact collector). */
export type ConversationObserver = (conversation: NormalizedConversation) => void;

export interface PassOptions {
  readOptions: Partial<ReadExportOptions>;
  signal?: AbortSignal;
  /** Share of the export read so far (0..1), called as the pass goes. */
  onProgress?: (fraction: number) => void;
}

/**
 * Reads the export once, handing each conversation to the observers; returns the reader's
 * report, the account context, and which copy of each repeated conversation later passes keep
 * (pass it as `readOptions.copyWinners`). Stops between conversations when the signal aborts.
 */
export async function scanExport(
  path: string,
  observers: readonly ConversationObserver[],
  options: PassOptions,
): Promise<{ report: ExportReport; account: AccountContext; copyWinners: CopyWinners }> {
  const reader = await ExportReader.open(path, options.readOptions);
  for await (const conversation of conversationsOf(reader, options)) {
    for (const observe of observers) observe(conversation);
  }
  return {
    report: reader.report(),
    account: reader.accountContext(),
    copyWinners: reader.copyWinners(),
  };
}

/** The conversations of a pass (skips dropped), reporting progress by bytes read. */
export async function* conversationsOf(
  reader: ExportReader,
  options: Pick<PassOptions, 'signal' | 'onProgress'>,
): AsyncGenerator<NormalizedConversation> {
  for await (const item of reader.items()) {
    throwIfAborted(options.signal);
    if (options.onProgress) {
      const { bytesRead, totalBytes } = reader.progress();
      options.onProgress(totalBytes > 0 ? bytesRead / totalBytes : 0);
    }
    if (item.kind === 'conversation') yield item.conversation;
  }
}

/** A second pass over the same export, handing each conversation to observers on the way. */
export async function* observedConversations(
  path: string,
  observers: readonly ConversationObserver[],
  options: PassOptions,
): AsyncGenerator<NormalizedConversation> {
  const reader = await ExportReader.open(path, options.readOptions);
  for await (const conversation of conversationsOf(reader, options)) {
    for (const observe of observers) observe(conversation);
    yield conversation;
  }
}
