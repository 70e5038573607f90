/**
 * Splits text into pieces of at most `maxChars`, cutting at the gentlest boundary that works:
 * a paragraph break (a blank line) first, then a sentence end or line break, then a space; a
 * run without any boundary (a long URL, a base64 blob) is cut at `maxChars`, never inside an
 * emoji. A fenced code block (``` … ```) that fits is never cut; one that does not is cut at
 * line breaks.
 *
 * One pass: each piece is found by looking back from the furthest point it may reach, so the
 * work is linear in the text's length whatever its shape (4 MB of ". " costs what 4 MB of prose
 * costs), and no array of tiny intermediate pieces is built. Pieces are slices of the text,
 * trimmed, so their inner spacing is the text's own.
 */
export function splitText(text: string, maxChars: number): string[] {
  if (maxChars < 1) throw new RangeError('maxChars must be at least 1');
  if (text.length <= maxChars) return [text];
  const fences = fenceSpans(text);
  const pieces: string[] = [];
  let fence = 0;
  let from = skipSpace(text, 0);
  while (from < text.length) {
    while (fence < fences.length && fences[fence]!.end <= from) fence++;
    const end = pieceEnd(text, from, maxChars, fences[fence]);
    const piece = text.slice(from, end).trimEnd();
    if (piece) pieces.push(piece);
    from = skipSpace(text, end);
  }
  return pieces;
}

interface Span {
  start: number;
  end: number;
}

/** Where the piece starting at `from` ends (exclusive); `next` is the first fence not before it. */
function pieceEnd(text: string, from: number, maxChars: number, next: Span | undefined): number {
  const limit = from + maxChars;
  if (next && next.start <= from) {
    // Inside a fence that did not fit in one piece: cut at a line break.
    if (next.end <= limit) return next.end;
    return cutPoint(text, from, limit, true);
  }
  if (limit >= text.length) return text.length;
  const cut = cutPoint(text, from, limit, false);
  // Never cut through a fence that fits: end this piece before it instead.
  if (next && next.start < cut && cut < next.end && next.end - next.start <= maxChars) {
    return next.start;
  }
  return cut;
}

/**
 * The best cut in (from, limit], looking back from `limit`: the last paragraph break, else the
 * last sentence end or line break, else the last space, else `limit` (moved back off a low
 * surrogate). For code, only line breaks and spaces count.
 */
function cutPoint(text: string, from: number, limit: number, code: boolean): number {
  let sentence = -1;
  let space = -1;
  for (let i = limit; i > from; i--) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      if (!code && isParagraphBreak(text, i, from)) return paragraphStart(text, i);
      if (sentence === -1) sentence = i;
    } else if (isSpace(c)) {
      if (!code && sentence === -1 && isSentenceEnd(text.charCodeAt(i - 1))) sentence = i;
      if (space === -1) space = i;
    }
    if (code && sentence !== -1) return sentence;
  }
  if (sentence !== -1) return sentence;
  if (space !== -1) return space;
  return isLowSurrogate(text.charCodeAt(limit)) && limit - 1 > from ? limit - 1 : limit;
}

const NEWLINE = 0x0a;

/** A line break at `i` that ends a blank line (only spaces or tabs since the previous one). */
function isParagraphBreak(text: string, i: number, from: number): boolean {
  for (let j = i - 1; j > from; j--) {
    const c = text.charCodeAt(j);
    if (c === NEWLINE) return true;
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return false;
}

/** The first line break of the blank-line run that ends at `i`. */
function paragraphStart(text: string, i: number): number {
  let start = i;
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === NEWLINE) start = j;
    else if (c !== 0x20 && c !== 0x09) break;
  }
  return start;
}

function isSentenceEnd(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0b || c === 0xa0;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === NEWLINE)) i++;
  return i;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Fenced code blocks: from a line that starts with ``` to the next line that is only ``` (one
 * pass over the lines; an opener that is never closed is ordinary text).
 */
function fenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let open = -1;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (text.startsWith('```', start)) {
      if (open === -1) {
        if (newline !== -1) open = start;
      } else if (onlySpacesAfterTicks(text, start + 3, end)) {
        spans.push({ start: open, end });
        open = -1;
      }
    }
    start = end + 1;
  }
  return spans;
}

function onlySpacesAfterTicks(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
