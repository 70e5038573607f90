/**
 * Takes out of a user message what never states a fact about the person but costs tokens:
 * fenced or indented code, runs of log and stack-trace lines, and marks pasted blobs (long
 * pasted prose, tables, CSV/JSON, base64) so that only strong first-person sentences survive
 * from them. Short code (a one-liner) is kept: it is cheap and sometimes names a tool.
 */

export interface TrimmedParagraph {
  text: string;
  /** Pasted material: only strong sentences may be kept from it. */
  blob: boolean;
}

export interface TrimmedText {
  paragraphs: TrimmedParagraph[];
  /** Characters removed, by kind. */
  code: number;
  logs: number;
}

/** Fenced code longer than this is removed (with its fences). */
const KEEP_CODE_CHARS = 120;
/** This many log-like lines in a row are removed. */
const LOG_RUN = 3;
/** A paragraph this long is pasted prose unless it is written in the first person throughout. */
const BLOB_CHARS = 1_200;
/** An unbroken token this long (base64, a minified line, a long URL) makes a paragraph a blob. */
const LONG_RUN_CHARS = 200;

const FENCE = /```[^\n]*\n[\s\S]*?(?:\n```[^\n]*|$)|~~~[^\n]*\n[\s\S]*?(?:\n~~~[^\n]*|$)/g;

const LOG_LINE =
  /^\s*(?:at\s+[\w.$<>[\]]+\s*\(|at\s+\S+:\d+|File ".*", line \d+|Traceback \(most recent call last\)|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|\[(?:info|warn|warning|error|debug|trace|fatal)\]|(?:info|warn|warning|error|debug|trace|fatal)\b[:\s]|[\w.]*(?:Error|Exception)\b:?|#\d+\s+0x[0-9a-f]+|\$ |npm (?:err|warn)|\w+@[\w.-]+:[~/])/i;
const INDENTED = /^(?: {4,}|\t)\S/;
const DATA_LINE = /^\s*(?:[{[<"|]|[\w".-]+\s*[:=]\s*\S|(?:[^,;|\t]*[,;|\t]){3,})/;

export function trimUserText(text: string): TrimmedText {
  let code = 0;
  let logs = 0;
  const withoutFences = text.replace(FENCE, (block) => {
    if (block.length <= KEEP_CODE_CHARS) return block;
    code += block.length;
    return '\n[code]\n';
  });

  const kept: string[] = [];
  const lines = withoutFences.split('\n');
  for (let i = 0; i < lines.length; ) {
    const kind = lineKind(lines[i]!);
    if (kind === 'text') {
      kept.push(lines[i]!);
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && lineKind(lines[end]!) === kind) end++;
    if (end - i >= LOG_RUN) {
      const removed = lines.slice(i, end).join('\n').length;
      if (kind === 'log') logs += removed;
      else code += removed;
      kept.push(kind === 'log' ? '[log]' : '[code]');
    } else kept.push(...lines.slice(i, end));
    i = end;
  }

  const paragraphs: TrimmedParagraph[] = [];
  for (const paragraph of kept.join('\n').split(/\n[ \t]*\n+/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '' || trimmed === '[code]' || trimmed === '[log]') continue;
    paragraphs.push({ text: trimmed, blob: isBlob(trimmed) });
  }
  return { paragraphs, code, logs };
}

function lineKind(line: string): 'text' | 'log' | 'code' {
  if (LOG_LINE.test(line)) return 'log';
  if (INDENTED.test(line)) return 'code';
  return 'text';
}

function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    run = c === 32 || c === 10 || c === 9 || c === 13 ? 0 : run + 1;
    if (run >= LONG_RUN_CHARS) return true;
  }
  return false;
}

function isBlob(paragraph: string): boolean {
  if (paragraph.length >= LONG_RUN_CHARS && hasLongRun(paragraph)) return true;
  const lines = paragraph.split('\n');
  if (lines.length >= 5) {
    const data = lines.filter((line) => DATA_LINE.test(line)).length;
    if (data / lines.length >= 0.5) return true;
  }
  return paragraph.length >= BLOB_CHARS;
}
