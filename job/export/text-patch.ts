import { setFlagsFromString } from 'node:v8';

/**
 * Applies one canvas edit (`canmore.update_textdoc`: a regex `pattern`, a `replacement` and
 * `multiple`) to a document's text. The pattern comes from the upload, so it must not be able to
 * pin a CPU: regexes run on V8's linear-time engine (the `l` flag: no backtracking, so no
 * catastrophic patterns; backreferences, lookarounds and case-insensitive matching are not
 * supported there, and such edits are skipped), and the document, the pattern and the result are capped in size. The replacement
 * is inserted as literal text. Returns the new text, or null when the edit does not apply or is
 * not safe to run; a skipped edit is never fatal.
 */

// Enabling the engine only adds the `l` regex flag; it changes nothing else.
setFlagsFromString('--enable-experimental-regexp-engine');

export interface TextPatch {
  pattern: string;
  replacement: string;
  multiple: boolean;
}

const MAX_PATTERN_CHARS = 500;
const MAX_MATCHES = 10_000;
export const MAX_DOCUMENT_CHARS = 512 * 1024;
/** Patterns ChatGPT uses to rewrite a whole document (read with dotAll, as it applies them). */
const WHOLE_DOCUMENT = new Set(['.*', '^.*$', '(?s).*', '(?s)^.*$', '[\\s\\S]*', '^[\\s\\S]*$']);
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|]/;
const INLINE_FLAGS = /^\(\?([imsx]+)\)/;

export function applyTextPatch(document: string, patch: TextPatch): string | null {
  const { pattern } = patch;
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_CHARS) return null;
  if (document.length > MAX_DOCUMENT_CHARS) return null;
  let result: string | null;
  if (WHOLE_DOCUMENT.has(pattern)) result = patch.replacement;
  else if (!REGEX_SYNTAX.test(pattern)) result = replaceLiteral(document, pattern, patch);
  else result = replaceRegex(document, patch);
  return result !== null && result.length <= MAX_DOCUMENT_CHARS ? result : null;
}

function replaceLiteral(document: string, pattern: string, patch: TextPatch): string | null {
  const spans: Array<[number, number]> = [];
  for (let at = document.indexOf(pattern); at !== -1; at = document.indexOf(pattern, at + 1)) {
    spans.push([at, at + pattern.length]);
    if (!patch.multiple || spans.length > MAX_MATCHES) break;
    at += pattern.length - 1;
  }
  return spliceSpans(document, spans, patch.replacement);
}

function replaceRegex(document: string, patch: TextPatch): string | null {
  let source = patch.pattern;
  let flags = 'ls';
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    if (inline[1]!.includes('x')) return null;
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('m')) flags += 'm';
    source = source.slice(inline[0].length);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, patch.multiple ? `${flags}g` : flags);
  } catch {
    return null; // not a JavaScript regex, or not one the linear engine can run
  }
  const spans: Array<[number, number]> = [];
  for (let match = regex.exec(document); match !== null; match = regex.exec(document)) {
    spans.push([match.index, match.index + match[0].length]);
    if (!regex.global || spans.length > MAX_MATCHES) break;
    if (match[0].length === 0) regex.lastIndex++;
  }
  return spliceSpans(document, spans, patch.replacement);
}

/** The document with each span replaced; null when nothing matched or it would grow too large. */
function spliceSpans(
  document: string,
  spans: Array<[number, number]>,
  replacement: string,
): string | null {
  if (spans.length === 0 || spans.length > MAX_MATCHES) return null;
  const removed = spans.reduce((sum, [from, to]) => sum + to - from, 0);
  if (document.length - removed + spans.length * replacement.length > MAX_DOCUMENT_CHARS) {
    return null;
  }
  const pieces: string[] = [];
  let from = 0;
  for (const [start, end] of spans) {
    pieces.push(document.slice(from, start), replacement);
    from = end;
  }
  pieces.push(document.slice(from));
  return pieces.join('');
}
