import type { ErrorCode, ErrorKind } from '../../core/errors.js';
import type { AccountEvent } from './account-context-recorder.js';
import type { NormalizeCounts } from './export-report.js';
import type { ExportItem } from './types.js';

/**
 * The messages between the reading thread and the splitting thread (split-service.ts,
 * serve-splitter.ts). The reading thread reads and inflates the bytes and sends a copy of each
 * chunk; the splitting thread finds each conversation, cuts what the reader never reads from it
 * (element-compaction.ts), sends back the bytes of every other one and reads the rest itself
 * (decode, JSON.parse, normalize), answering with the result, so the two threads share the
 * work that dominates reading.
 */

/** What the splitting thread needs to read conversations like the reading thread does. */
export interface RemoteReadOptions {
  includeDoNotRemember: boolean;
}

export type ToSplitter =
  | {
      type: 'open';
      id: number;
      source: string;
      maxElementBytes: number;
      read: RemoteReadOptions;
    }
  | { type: 'chunk'; id: number; data: ArrayBuffer; length: number }
  | { type: 'end'; id: number }
  | { type: 'close'; id: number };

export interface ElementBoundary {
  offset: number;
  size: number;
  oversized: boolean;
  complex: boolean;
  /** Position of the element in its file. */
  index: number;
  /** The splitting thread reads this element and sends it in an `items` message. */
  remote: boolean;
  /** For an element this thread reads: where its (compacted) bytes are in the reply's `local`. */
  local: { start: number; length: number } | null;
}

export interface ChunkBoundaries {
  elements: ElementBoundary[];
  /** The bytes of the elements the reading thread reads, one after the other. */
  local: ArrayBuffer | null;
}

export interface SplitEnd {
  elementCount: number;
  foundConversationList: boolean;
  topLevelKeys: string[];
  /** Objects and arrays outside the conversation list. */
  containers: number;
  /** What reading the remote elements added to the report. */
  counts?: NormalizeCounts;
}

/** A conversation the splitting thread read: the item and what it harvested, to replay in order. */
export interface RemoteRead {
  item: ExportItem;
  events: AccountEvent[];
}

export type FromSplitter =
  | ({ type: 'chunk'; id: number; data: ArrayBuffer } & ChunkBoundaries)
  | { type: 'items'; id: number; reads: Array<{ index: number } & RemoteRead> }
  | ({ type: 'end'; id: number } & SplitEnd)
  | { type: 'error'; id: number; error: { code: ErrorCode; message: string; kind: ErrorKind } };
