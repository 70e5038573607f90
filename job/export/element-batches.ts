import { createReadStream } from 'node:fs';
import type { NormalizeCounts } from './export-report.js';
import { JsonArraySplitter, type SplitElement } from './json-array-splitter.js';
import { MAX_CONVERSATION_CONTAINERS } from './read-limits.js';
import { readZipEntry } from './read-zip-entry.js';
import type { RemoteReadOptions } from './split-protocol.js';
import type { RemoteSplitStream, RemoteSplitter, SplitEnd } from './split-service.js';

import type { ZipEntryInfo } from './zip-archive.js';

/**
 * The byte side of reading an export: open each conversations file (a `.json`, or a ZIP entry
 * inflated on the fly), split it into conversation elements, and hand them on in batches of
 * raw bytes. No JSON is parsed here; that happens where the conversations are used
 * (read-export.ts). The byte scan itself can run on another thread (split-service.ts).
 */

/** What to read: decided up front from the file's type and, for a ZIP, its file list. */
export interface ExportPlan {
  path: string;
  format: 'zip' | 'json';
  fileBytes: number;
  sources: PlannedSource[];
}

export interface PlannedSource {
  name: string;
  /** On-disk (compressed) bytes, for progress. */
  compressedBytes: number;
  /** Absent for a plain `.json` file. */
  zipEntry?: ZipEntryInfo;
}

export interface ElementLimits {
  maxConversationBytes: number;
  maxEntryBytes: number;
}

/** One element of the conversation list: its bytes, or null when it was over the size limit. */
export type RawElement = SplitElement;

export type ElementBatch =
  | {
      kind: 'elements';
      source: string;
      elements: RawElement[];
      /** Uncompressed JSON bytes consumed by this batch. */
      jsonBytes: number;
      /** On-disk bytes of all conversation files read so far. */
      bytesRead: number;
    }
  | {
      kind: 'source-end';
      source: string;
      elementCount: number;
      /** False for a top-level object without a "conversations" list. */
      foundConversationList: boolean;
      /** Keys of a top-level object, to tell wrong files apart. */
      topLevelKeys: string[];
      /** The file is one conversation object (a saved chat), handed on as one element. */
      singleConversation: boolean;
      /** What the splitting thread's reads added to the report (merged by the reader). */
      counts?: NormalizeCounts;
    };

const READ_CHUNK_BYTES = 1 << 20;

/**
 * Reads the plan's files and yields their elements in batches (one batch per read chunk), then
 * a `source-end` per file. With a `RemoteSplitter` the byte scan runs on its thread while this
 * one reads, inflates and builds the elements from the bytes it holds.
 */
export async function* readElementBatches(
  plan: ExportPlan,
  limits: ElementLimits,
  splitter?: RemoteSplitter,
  remoteRead: RemoteReadOptions = { includeDoNotRemember: false },
): AsyncGenerator<ElementBatch> {
  let bytesBefore = 0;
  for (const source of plan.sources) {
    const progress = { compressedBytesRead: 0 };
    const chunks = source.zipEntry
      ? readZipEntry(plan.path, source.zipEntry, limits.maxEntryBytes, progress)
      : readFileChunks(plan.path, progress);
    const split = splitter
      ? splitRemotely(chunks, splitter.open(source.name, limits.maxConversationBytes, remoteRead))
      : splitHere(chunks, new JsonArraySplitter(source.name, limits.maxConversationBytes));
    let end: SplitEnd | undefined;
    for await (const step of split) {
      if ('elementCount' in step) {
        end = step;
        break;
      }
      yield {
        kind: 'elements',
        source: source.name,
        elements: step.elements,
        jsonBytes: step.jsonBytes,
        bytesRead: bytesBefore + progress.compressedBytesRead,
      };
    }
    const single = !end!.foundConversationList && isOneConversation(end!.topLevelKeys);
    if (single) {
      const element =
        end!.containers > MAX_CONVERSATION_CONTAINERS
          ? { bytes: null, oversized: true, complex: true, size: 0, offset: 0 }
          : await readWhole(plan, source, limits);
      yield {
        kind: 'elements',
        source: source.name,
        elements: [element],
        jsonBytes: 0, // counted by the scan above
        bytesRead: bytesBefore + source.compressedBytes,
      };
    }
    bytesBefore += source.compressedBytes;
    yield {
      kind: 'source-end',
      source: source.name,
      ...end!,
      ...(single ? { elementCount: 1, foundConversationList: true } : {}),
      singleConversation: single,
    };
  }
}

/** A top-level object with a conversation's own fields (a saved chat, pionxzh's exporter). */
function isOneConversation(keys: readonly string[]): boolean {
  return (keys.includes('mapping') || keys.includes('messages')) && !keys.includes('conversations');
}

/**
 * The whole file as one element (it was just scanned, so it is valid JSON): read again, up to
 * the conversation size limit, past which it is reported as oversized like any conversation.
 */
async function readWhole(
  plan: ExportPlan,
  source: PlannedSource,
  limits: ElementLimits,
): Promise<RawElement> {
  const progress = { compressedBytesRead: 0 };
  const chunks = source.zipEntry
    ? readZipEntry(plan.path, source.zipEntry, limits.maxEntryBytes, progress)
    : readFileChunks(plan.path, progress);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limits.maxConversationBytes) {
      return { bytes: null, oversized: true, complex: false, size, offset: 0 };
    }
    parts.push(chunk);
  }
  return { bytes: Buffer.concat(parts), oversized: false, complex: false, size, offset: 0 };
}

type SplitStep = { elements: RawElement[]; jsonBytes: number } | SplitEnd;

async function* splitHere(
  chunks: AsyncIterable<Buffer>,
  splitter: JsonArraySplitter,
): AsyncGenerator<SplitStep> {
  for await (const chunk of chunks)
    yield { elements: splitter.push(chunk), jsonBytes: chunk.length };
  splitter.end(splitter.elementCount);
  yield {
    elementCount: splitter.elementCount,
    foundConversationList: splitter.foundConversationList,
    topLevelKeys: [...splitter.keys],
    containers: splitter.containers,
  };
}

/**
 * One chunk in flight: the splitting thread scans chunk N (and reads half its conversations)
 * while this one reads chunk N + 1. The bytes of the conversations read here come back from
 * that thread, already compacted; this one keeps none of its own.
 */
async function* splitRemotely(
  chunks: AsyncIterable<Buffer>,
  stream: RemoteSplitStream,
): AsyncGenerator<SplitStep> {
  type InFlight = { boundaries: ReturnType<RemoteSplitStream['push']>; jsonBytes: number };
  const toStep = async (inFlight: InFlight) => {
    const { elements } = await inFlight.boundaries;
    return {
      elements: elements.map(({ offset, size, oversized, complex, read, bytes }) => ({
        bytes,
        read,
        oversized,
        complex,
        size,
        offset,
      })),
      jsonBytes: inFlight.jsonBytes,
    };
  };
  try {
    let inFlight: InFlight | null = null;
    for await (const chunk of chunks) {
      const next = { boundaries: stream.push(chunk), jsonBytes: chunk.length };
      if (inFlight) yield await toStep(inFlight);
      inFlight = next;
    }
    if (inFlight) yield await toStep(inFlight);
    yield await stream.end();
  } finally {
    stream.close();
  }
}

async function* readFileChunks(
  path: string,
  progress: { compressedBytesRead: number },
): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      progress.compressedBytesRead = stream.bytesRead;
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}
