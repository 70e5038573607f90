/**
 * What the reader never reads, cut from a conversation's bytes before `JSON.parse`: most of the
 * parse is making objects and strings, and a ChatGPT export is heavy with fields nothing here
 * uses (every node's `children`, message `status`, `author.metadata`, `thoughts`, and in
 * message `metadata` everything but the keys below: finish details, citations, content
 * references, search results, request ids, padding…). Measured on the synthetic export: 40 % of
 * the bytes and about half the parse time.
 *
 * Fed by the byte scan (json-array-splitter.ts) with the structure it sees inside an element, it
 * records the byte ranges of the values to drop; `compact` then writes the element with each
 * replaced by `0`, which keeps it valid JSON. Only object, array and string values are dropped,
 * only at the paths below, and only for unescaped keys of at most 64 bytes (a key split across
 * read chunks is put together): anything it is not sure of is kept. A field the reader starts to
 * use must be added here.
 */

/** `metadata` keys of a message that the reader uses (visible-message.ts, tool-results.ts). */
const MESSAGE_METADATA_KEPT = [
  'is_visually_hidden_from_conversation',
  'is_user_system_message',
  'user_context_message_data',
  'attachments',
  'model_slug',
  'is_thinking_preamble_message',
  'aggregate_result',
];

const KEYS = [
  'mapping',
  'children',
  'message',
  'status',
  'author',
  'metadata',
  'content',
  'thoughts',
  ...MESSAGE_METADATA_KEPT,
];
const KEY_BYTES = KEYS.map((key) => Buffer.from(key, 'latin1'));
const id = (key: string) => KEYS.indexOf(key) + 1;
const MAPPING = id('mapping');
const CHILDREN = id('children');
const MESSAGE = id('message');
const STATUS = id('status');
const AUTHOR = id('author');
const METADATA = id('metadata');
const CONTENT = id('content');
const THOUGHTS = id('thoughts');
const FIRST_KEPT_METADATA = id(MESSAGE_METADATA_KEPT[0]!);
/** A key none of the above. */
const OTHER = 0;
/** A key not read whole (split across chunks, or escaped): never dropped. */
const UNSURE = -1;

/** Depth inside the element that matters: message metadata members are at 5. */
const TRACKED_DEPTH = 6;
const BACKSLASH = 0x5c;
const MAX_KEY_BYTES = 64;

export class ElementCompaction {
  private readonly isObject = new Uint8Array(TRACKED_DEPTH + 1);
  private readonly expectKey = new Uint8Array(TRACKED_DEPTH + 1);
  /** The key of the member being read in the object at each depth. */
  private readonly keyAt = new Int8Array(TRACKED_DEPTH + 1);
  private keyStart = -1;
  /** The bytes of a key that began in an earlier chunk, or null when too long to matter. */
  private keyHead: number[] | null = [];
  private pendingDrop = false;
  /** While a dropped container is open: its depth; -1 otherwise. */
  private dropDepth = -1;
  private dropStart = -1;
  private droppingString = false;
  /** Absolute [start, end) pairs of the values to drop in the current element. */
  private ranges: number[] = [];
  private base = 0;

  /** A new element whose root is opened at `rootDepth` (the splitter's depth before its `{`). */
  begin(rootDepth: number): void {
    this.base = rootDepth;
    this.ranges = [];
    this.pendingDrop = false;
    this.dropDepth = -1;
    this.droppingString = false;
    this.keyStart = -1;
  }

  /** `{` or `[` at absolute `at`; `depth` is the splitter's depth before it. */
  open(at: number, depth: number, object: boolean): void {
    const rel = depth + 1 - this.base;
    if (this.pendingDrop) {
      this.pendingDrop = false;
      this.dropDepth = depth;
      this.dropStart = at;
    }
    if (this.dropDepth !== -1 || rel > TRACKED_DEPTH) return;
    this.isObject[rel] = object ? 1 : 0;
    this.expectKey[rel] = object ? 1 : 0;
    this.keyAt[rel] = OTHER;
  }

  /** `}` or `]` ending at absolute `end` (exclusive); `depth` is the splitter's depth after it. */
  close(end: number, depth: number): void {
    if (this.dropDepth === depth) {
      this.ranges.push(this.dropStart, end);
      this.dropDepth = -1;
    }
    this.pendingDrop = false;
  }

  comma(depth: number): void {
    this.pendingDrop = false;
    const rel = depth - this.base;
    if (this.dropDepth !== -1 || rel > TRACKED_DEPTH || rel < 1) return;
    if (this.isObject[rel]) this.expectKey[rel] = 1;
  }

  colon(depth: number): void {
    const rel = depth - this.base;
    if (this.dropDepth !== -1 || rel > TRACKED_DEPTH || rel < 1) return;
    this.pendingDrop = this.drops(rel, this.keyAt[rel]!);
  }

  /** A string opening at absolute `at`. */
  stringStart(at: number, depth: number): void {
    if (this.dropDepth !== -1) return;
    if (this.pendingDrop) {
      this.pendingDrop = false;
      this.droppingString = true;
      this.dropStart = at;
      return;
    }
    const rel = depth - this.base;
    if (rel >= 1 && rel <= TRACKED_DEPTH && this.isObject[rel] && this.expectKey[rel]) {
      this.keyStart = at;
      this.keyHead = [];
    }
  }

  /** The chunk `buf` (from absolute `bufStart`) ends inside a string: keep a key's first bytes. */
  chunkEnds(buf: Buffer, bufStart: number): void {
    if (this.keyStart === -1 || this.keyHead === null) return;
    const from = Math.max(0, this.keyStart + 1 - bufStart);
    if (this.keyHead.length + buf.length - from > MAX_KEY_BYTES) {
      this.keyHead = null;
      return;
    }
    for (let j = from; j < buf.length; j++) this.keyHead.push(buf[j]!);
  }

  /**
   * A string closing at absolute `end` (the closing quote), in `buf` (from absolute `bufStart`).
   */
  stringEnd(end: number, depth: number, buf: Buffer, bufStart: number): void {
    if (this.droppingString) {
      this.droppingString = false;
      this.ranges.push(this.dropStart, end + 1);
      return;
    }
    if (this.keyStart === -1) return;
    const rel = depth - this.base;
    const from = this.keyStart + 1 - bufStart;
    this.keyStart = -1;
    this.expectKey[rel] = 0;
    if (from >= 0) {
      this.keyAt[rel] = keyId(buf, from, end - bufStart);
    } else if (this.keyHead === null || this.keyHead.length + end - bufStart > MAX_KEY_BYTES) {
      this.keyAt[rel] = UNSURE;
    } else {
      const key = Buffer.from([...this.keyHead, ...buf.subarray(0, end - bufStart)]);
      this.keyAt[rel] = keyId(key, 0, key.length);
    }
  }

  /** Whether this element has anything to drop. */
  get hasRanges(): boolean {
    return this.ranges.length > 0;
  }

  /** The element's bytes (starting at absolute `offset`) with each dropped value as `0`. */
  compact(bytes: Buffer, offset: number): Buffer {
    const ranges = this.ranges;
    let removed = 0;
    for (let r = 0; r < ranges.length; r += 2) removed += ranges[r + 1]! - ranges[r]! - 1;
    const out = Buffer.allocUnsafe(bytes.length - removed);
    let from = 0;
    let at = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      const start = ranges[r]! - offset;
      at += bytes.copy(out, at, from, start);
      out[at++] = 0x30; // "0"
      from = ranges[r + 1]! - offset;
    }
    bytes.copy(out, at, from);
    this.ranges = [];
    return out;
  }

  /** Whether the value of `key`, a member at `rel`, is one the reader never reads. */
  private drops(rel: number, key: number): boolean {
    if (key === UNSURE || this.keyAt[1] !== MAPPING || rel < 3) return false;
    if (rel === 3) return key === CHILDREN;
    if (this.keyAt[3] !== MESSAGE) return false;
    if (rel === 4) return key === STATUS;
    if (rel !== 5) return false;
    const parent = this.keyAt[4];
    if (parent === AUTHOR) return key === METADATA;
    if (parent === CONTENT) return key === THOUGHTS;
    if (parent === METADATA) return key < FIRST_KEPT_METADATA;
    return false;
  }
}

function keyId(buf: Buffer, from: number, to: number): number {
  const length = to - from;
  for (let k = 0; k < KEY_BYTES.length; k++) {
    const key = KEY_BYTES[k]!;
    if (key.length !== length) continue;
    let same = true;
    for (let j = 0; j < length; j++) {
      if (buf[from + j] !== key[j]) {
        same = false;
        break;
      }
    }
    if (same) return k + 1;
  }
  for (let j = from; j < to; j++) if (buf[j] === BACKSLASH) return UNSURE;
  return OTHER;
}
