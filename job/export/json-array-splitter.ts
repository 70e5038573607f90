import { ElementCompaction } from './element-compaction.js';
import { emptyFile, invalidJson, truncatedFile } from './export-errors.js';
import { MAX_CONVERSATION_CONTAINERS } from './read-limits.js';
import { isJsonWhitespace } from './sniff-file.js';
import type { RemoteRead } from './split-protocol.js';

/**
 * Splits a streamed JSON document into the elements of its conversation list, one element's
 * bytes at a time, without parsing anything else. Accepts a top-level array, or an object whose
 * "conversations" key holds the array (other keys are skipped without buffering).
 *
 * Why a byte scan and not a streaming JSON tokenizer (stream-json): the scan only tracks
 * strings, escapes and nesting depth, jumps through string contents with `indexOf` (most bytes of
 * an export are inside strings), and hands each complete element to the native `JSON.parse`. It
 * measured ~3.5× faster than stream-json's `streamArray` on the same export (see
 * `npm run bench:scan`), and stream-json's README says it is not meant for untrusted input,
 * which an upload is. Splitting at ASCII structural bytes also means a multibyte UTF-8
 * character split across read chunks is reassembled before it is decoded.
 *
 * Memory: at most one element is buffered; an element larger than `maxElementBytes`, or holding
 * more than `maxElementContainers` objects and arrays (what `JSON.parse` would turn a few bytes
 * each into heap objects for: 60 MB of `{}` is 20 million objects), is dropped as it streams
 * (reported as oversized, `complex` for the second) and the scan goes on. Containers outside the
 * conversation list are counted too (`containers`), so a single-object file can be judged alike.
 */

export interface SplitElement {
  /** The element's bytes; null when oversized, or when the splitter only finds boundaries. */
  bytes: Buffer | null;
  /** Larger than a limit: dropped as it streamed. */
  oversized: boolean;
  /** Dropped for holding too many objects and arrays (not for its bytes). */
  complex: boolean;
  size: number;
  /** Byte offset of the element in the stream. */
  offset: number;
  /** Read on the splitting thread: the result, to await instead of parsing `bytes`. */
  read?: Promise<RemoteRead> | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MAX_KEY_BYTES = 64;
const MAX_KEYS = 64;
/** Top-level keys that say what a JSON object is, remembered even past `MAX_KEYS`. */
const TELLING_KEYS = new Set(['mapping', 'messages', 'chat_messages', 'conversations']);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

type Mode = 'start' | 'array' | 'object' | 'done';

/** `findStringEnd` results when the string goes on past the chunk. */
const ENDS_OPEN = -1;
const ENDS_ESCAPED = -2;
/**
 * Index of the quote that closes a string whose contents start at `from`, or ENDS_OPEN /
 * ENDS_ESCAPED (the chunk ended on an unpaired backslash) when it is not in this chunk.
 * Jumps from quote to quote with the native `indexOf` (faster here than a byte loop, measured),
 * counting the backslashes before each.
 */
function findStringEnd(buf: Buffer, from: number): number {
  const n = buf.length;
  let p = from;
  while (p < n) {
    const q = buf.indexOf(QUOTE, p);
    if (q === -1) break;
    let backslashes = 0;
    while (q - backslashes - 1 >= from && buf[q - backslashes - 1] === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return q;
    p = q + 1;
  }
  let trailing = 0;
  while (n - trailing - 1 >= from && buf[n - trailing - 1] === BACKSLASH) trailing++;
  return (trailing & 1) === 1 ? ENDS_ESCAPED : ENDS_OPEN;
}

export class JsonArraySplitter {
  private mode: Mode = 'start';
  private offset = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which elements of the conversation list live (-1: not inside the list). */
  private elementDepth = -1;
  private inElement = false;
  private elementIsScalar = false;
  private elementParts: Buffer[] = [];
  private elementSize = 0;
  private elementOffset = 0;
  private elementOversized = false;
  private elementContainers = 0;
  private elementComplex = false;
  /** Objects and arrays outside elements (the whole document of a one-object file). */
  containers = 0;
  // Object mode: keys of the top-level object, to find "conversations".
  private expectKey = false;
  private capturingKey = false;
  private keyBytes: number[] = [];
  private lastKey = '';
  private sawConversationsKey = false;
  private elementsEmitted = 0;
  private heldPrefix: Buffer | null = null;
  /** Keys of a top-level object (object mode only), for telling wrong files apart. */
  readonly keys = new Set<string>();

  /**
   * @param keepBytes false to report only where elements are (offset and size), for a caller
   *   that holds the bytes itself (split-service.ts).
   */
  constructor(
    private readonly source: string,
    private readonly maxElementBytes: number,
    private readonly keepBytes = true,
    private readonly maxElementContainers = MAX_CONVERSATION_CONTAINERS,
    compact = keepBytes,
  ) {
    this.compaction = compact && keepBytes ? new ElementCompaction() : null;
  }

  /** Cuts what the reader never reads from each element's bytes (element-compaction.ts). */
  private readonly compaction: ElementCompaction | null;

  /** Feeds the next chunk; returns the elements that ended inside it, in order. */
  push(chunk: Buffer): SplitElement[] {
    const out: SplitElement[] = [];
    let buf = chunk;
    let i = 0;
    if (this.mode === 'done') {
      this.checkTrailing(buf, 0);
      this.offset += buf.length;
      return out;
    }
    if (this.mode === 'start') {
      if (this.heldPrefix) {
        buf = Buffer.concat([this.heldPrefix, buf]);
        this.offset -= this.heldPrefix.length;
        this.heldPrefix = null;
      }
      // A byte order mark split across the first chunks: wait for the rest of it.
      if (this.offset === 0 && buf.length < 3 && UTF8_BOM.subarray(0, buf.length).equals(buf)) {
        this.heldPrefix = buf;
        this.offset += buf.length;
        return out;
      }
      i = this.skipPreamble(buf);
      if (this.mode === 'start') {
        this.offset += buf.length;
        return out;
      }
    }
    const n = buf.length;
    let elementStart = this.inElement ? 0 : -1;

    while (i < n) {
      if (this.inString) {
        const end = findStringEnd(buf, this.escaped ? i + 1 : i);
        this.escaped = false;
        if (end < 0) {
          this.escaped = end === ENDS_ESCAPED;
          if (this.capturingKey) this.captureKey(buf, i, n);
          if (this.inElement) this.compaction?.chunkEnds(buf, this.offset);
          i = n;
          break;
        }
        this.inString = false;
        if (this.capturingKey) {
          this.captureKey(buf, i, end);
          this.finishKey();
        }
        if (this.inElement)
          this.compaction?.stringEnd(this.offset + end, this.depth, buf, this.offset);
        i = end + 1;
        if (this.inElement && this.elementIsScalar && this.depth === this.elementDepth) {
          out.push(this.emit(buf, elementStart, end + 1));
          elementStart = -1;
        }
        continue;
      }

      const c = buf[i]!;
      if (c === QUOTE) {
        this.inString = true;
        if (this.inElement) {
          this.compaction?.stringStart(this.offset + i, this.depth);
        } else if (this.depth === this.elementDepth) {
          elementStart = this.beginElement(i, true);
        } else if (this.mode === 'object' && this.depth === 1 && this.expectKey) {
          this.capturingKey = true;
          this.keyBytes = [];
          i++;
          continue;
        }
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (!this.inElement && this.depth === this.elementDepth) {
          elementStart = this.beginElement(i, false);
        } else if (
          this.mode === 'object' &&
          this.depth === 1 &&
          c === OPEN_BRACKET &&
          this.lastKey === 'conversations'
        ) {
          this.elementDepth = 2;
          this.sawConversationsKey = true;
        }
        if (!this.inElement) this.containers++;
        else {
          if (++this.elementContainers > this.maxElementContainers) this.dropComplexElement();
          this.compaction?.open(this.offset + i, this.depth, c === OPEN_BRACE);
        }
        this.depth++;
        i++;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.inElement && this.elementIsScalar && this.depth === this.elementDepth) {
          out.push(this.emit(buf, elementStart, i));
          elementStart = -1;
        }
        this.depth--;
        if (this.inElement) this.compaction?.close(this.offset + i + 1, this.depth);
        if (this.inElement && !this.elementIsScalar && this.depth === this.elementDepth) {
          out.push(this.emit(buf, elementStart, i + 1));
          elementStart = -1;
        } else if (this.mode === 'object' && this.depth === 1 && this.elementDepth === 2) {
          this.elementDepth = -1;
          this.lastKey = '';
        }
        i++;
        if (this.depth === 0) {
          this.mode = 'done';
          this.checkTrailing(buf, i);
          i = n;
        }
        continue;
      }
      if (c === COMMA) {
        if (this.inElement && this.elementIsScalar && this.depth === this.elementDepth) {
          out.push(this.emit(buf, elementStart, i));
          elementStart = -1;
        }
        if (this.mode === 'object' && this.depth === 1) this.expectKey = true;
        if (this.inElement) this.compaction?.comma(this.depth);
        i++;
        continue;
      }
      if (c === COLON) {
        if (this.mode === 'object' && this.depth === 1) this.expectKey = false;
        if (this.inElement) this.compaction?.colon(this.depth);
        i++;
        continue;
      }
      if (isJsonWhitespace(c)) {
        if (this.inElement && this.elementIsScalar && this.depth === this.elementDepth) {
          out.push(this.emit(buf, elementStart, i));
          elementStart = -1;
        }
        i++;
        continue;
      }
      // a number or literal
      if (!this.inElement && this.depth === this.elementDepth) {
        elementStart = this.beginElement(i, true);
      }
      i++;
    }

    if (this.inElement) this.keepPartial(buf.subarray(elementStart === -1 ? 0 : elementStart));
    this.offset += n;
    return out;
  }

  /** Call after the last chunk. Throws a user-facing error when the document is incomplete. */
  end(conversationsRead: number): void {
    if (this.mode === 'start') throw emptyFile(this.source);
    if (this.mode !== 'done') throw truncatedFile(this.source, this.offset, conversationsRead);
  }

  get elementCount(): number {
    return this.elementsEmitted;
  }

  /** False for a top-level object that had no "conversations" array. */
  get foundConversationList(): boolean {
    return this.elementDepth === 1 || this.sawConversationsKey;
  }

  private skipPreamble(buf: Buffer): number {
    let i = 0;
    if (this.offset === 0 && buf.subarray(0, 3).equals(UTF8_BOM)) i = 3;
    while (i < buf.length && isJsonWhitespace(buf[i]!)) i++;
    if (i === buf.length) return i;
    const c = buf[i]!;
    if (c === OPEN_BRACKET) {
      this.mode = 'array';
      this.elementDepth = 1;
    } else if (c === OPEN_BRACE) {
      this.mode = 'object';
      this.expectKey = true;
    } else {
      throw invalidJson(this.source, this.offset + i, 'expected "[" or "{"');
    }
    this.depth = 1;
    return i + 1;
  }

  private beginElement(index: number, scalar: boolean): number {
    this.inElement = true;
    this.elementIsScalar = scalar;
    this.elementParts = [];
    this.elementSize = 0;
    this.elementOversized = false;
    this.elementContainers = 0;
    this.elementComplex = false;
    this.elementOffset = this.offset + index;
    this.compaction?.begin(this.depth);
    return index;
  }

  private keepPartial(part: Buffer): void {
    this.elementSize += part.length;
    if (this.elementOversized) return;
    if (this.elementSize > this.maxElementBytes) {
      this.elementOversized = true;
      this.elementParts = [];
      return;
    }
    if (this.keepBytes) this.elementParts.push(part);
  }

  private dropComplexElement(): void {
    if (this.elementComplex) return;
    this.elementComplex = true;
    this.elementOversized = true;
    this.elementParts = [];
  }

  private emit(buf: Buffer, start: number, endExclusive: number): SplitElement {
    const tail = buf.subarray(start === -1 ? 0 : start, endExclusive);
    const size = this.elementSize + tail.length;
    const oversized = this.elementOversized || size > this.maxElementBytes;
    let bytes: Buffer | null = null;
    if (!oversized && this.keepBytes) {
      bytes = this.elementParts.length === 0 ? tail : Buffer.concat([...this.elementParts, tail]);
      if (this.compaction?.hasRanges) bytes = this.compaction.compact(bytes, this.elementOffset);
    }
    this.inElement = false;
    this.elementParts = [];
    this.elementSize = 0;
    this.elementsEmitted++;
    return { bytes, oversized, complex: this.elementComplex, size, offset: this.elementOffset };
  }

  private captureKey(buf: Buffer, from: number, to: number): void {
    for (let j = from; j < to && this.keyBytes.length <= MAX_KEY_BYTES; j++) {
      this.keyBytes.push(buf[j]!);
    }
  }

  private finishKey(): void {
    this.capturingKey = false;
    this.lastKey = Buffer.from(this.keyBytes.slice(0, MAX_KEY_BYTES)).toString('utf8');
    if (this.keys.size < MAX_KEYS || TELLING_KEYS.has(this.lastKey)) this.keys.add(this.lastKey);
  }

  private checkTrailing(buf: Buffer, from: number): void {
    for (let j = from; j < buf.length; j++) {
      if (!isJsonWhitespace(buf[j]!)) {
        throw invalidJson(this.source, this.offset + j, 'unexpected content after the end');
      }
    }
  }
}
