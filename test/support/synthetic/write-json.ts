import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { conversationStream } from './conversation-stream.js';
import type { ConversationTruth, SyntheticSummary } from './ground-truth.js';
import { jsonArrayChunks, Lookahead } from './json-array-chunks.js';
import { resolveOptions, type SyntheticExportOptions } from './options.js';
import { SummaryCollector } from './summary-collector.js';

export interface SyntheticWriteOptions extends SyntheticExportOptions {
  /** Called once per conversation, in file order, with what the generator knows about it. */
  onConversation?: (truth: ConversationTruth) => void;
}

/** Streams a synthetic export as one `conversations.json`-style array to `path`. */
export async function writeSyntheticJson(
  path: string,
  options: SyntheticWriteOptions = {},
): Promise<SyntheticSummary> {
  const resolved = resolveOptions(options);
  const summary = new SummaryCollector(resolved.seed, resolved.layout);
  const file = path.split(/[\\/]/).pop() ?? path;
  let count = 0;
  let bytes = 2;
  const source = new Lookahead(conversationStream(resolved));
  const chunks = jsonArrayChunks(
    source,
    Number.POSITIVE_INFINITY,
    ({ truth }) => {
      truth.file = file;
      bytes += truth.jsonBytes + (count++ > 0 ? 1 : 0);
      summary.add(truth);
      options.onConversation?.(truth);
    },
    resolved.escapeNonAscii,
  );
  await pipeline(chunks, createWriteStream(path));
  summary.addBytes(bytes);
  summary.addFile(file);
  summary.addShard(file, count, bytes);
  return summary.result();
}
