/**
 * Splits text into pieces of at most `maxChars`, cutting at the gentlest boundary that works:
 * paragraphs first (a fenced code block counts as one paragraph, so code is not cut in the
 * middle when it fits), then sentences (lines, for code), then words. A single run without any
 * boundary (a long URL, a base64 blob) is cut at `maxChars`.
 */
export function splitText(text: string, maxChars: number): string[] {
  if (maxChars < 1) throw new RangeError('maxChars must be at least 1');
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  for (const block of blocks(text)) {
    if (block.text.length <= maxChars) pieces.push(block.text);
    else pieces.push(...splitBlock(block, maxChars));
  }
  return pack(pieces, maxChars, '\n\n');
}

interface Block {
  text: string;
  code: boolean;
}

/** Paragraphs (separated by blank lines), keeping each ``` fenced block whole. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  const fence = /^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm;
  let last = 0;
  for (const match of text.matchAll(fence)) {
    paragraphs(text.slice(last, match.index), out);
    out.push({ text: match[0], code: true });
    last = match.index + match[0].length;
  }
  paragraphs(text.slice(last), out);
  return out;
}

function paragraphs(text: string, out: Block[]): void {
  for (const paragraph of text.split(/\n[ \t]*\n+/)) {
    const trimmed = paragraph.trim();
    if (trimmed) out.push({ text: trimmed, code: false });
  }
}

function splitBlock(block: Block, maxChars: number): string[] {
  const units = block.code ? block.text.split('\n') : sentences(block.text);
  const separator = block.code ? '\n' : ' ';
  const fitted = units.flatMap((unit) =>
    unit.length <= maxChars ? [unit] : splitWords(unit, maxChars),
  );
  return pack(fitted, maxChars, separator);
}

/** Sentence ends: . ! ? (and their CJK forms) followed by space, or a line break. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function splitWords(text: string, maxChars: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const fitted = words.flatMap((word) =>
    word.length <= maxChars ? [word] : hardCut(word, maxChars),
  );
  return pack(fitted, maxChars, ' ');
}

/** Cuts every `maxChars`, never between the two halves of a surrogate pair (an emoji). */
function hardCut(text: string, maxChars: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + maxChars);
    if (end < text.length && isLowSurrogate(text.charCodeAt(end)) && end - 1 > start) end--;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Joins consecutive pieces while the result stays within `maxChars`. */
function pack(pieces: string[], maxChars: number, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current === '') current = piece;
    else if (current.length + separator.length + piece.length <= maxChars)
      current += separator + piece;
    else {
      out.push(current);
      current = piece;
    }
  }
  if (current !== '') out.push(current);
  return out;
}
