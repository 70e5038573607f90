/**
 * Reads the JSON a model answered with: strips ``` fences and any prose around the outermost
 * object, and when that does not parse, tries one local fix for the usual slips (trailing
 * commas, an answer cut off before its closing brackets).
 */
export type ParsedJson =
  | { ok: true; value: unknown; locallyRepaired: boolean }
  | { ok: false; problem: string };

export function parseModelJson(answer: string): ParsedJson {
  const candidate = outermostObject(unfence(answer));
  if (candidate === undefined) return { ok: false, problem: 'the answer contains no JSON object' };
  const first = tryParse(candidate);
  if (first.ok) return { ok: true, value: first.value, locallyRepaired: false };
  const fixed = fixSyntax(candidate);
  if (fixed !== candidate) {
    const second = tryParse(fixed);
    if (second.ok) return { ok: true, value: second.value, locallyRepaired: true };
  }
  return { ok: false, problem: `the answer is not valid JSON (${first.problem})` };
}

/** The inside of the first ``` fenced block, or the text itself when there is none. */
function unfence(text: string): string {
  const match = /```[a-zA-Z0-9_-]*[^\S\n]*\n([\s\S]*?)(?:```|$)/.exec(text);
  return match ? match[1]! : text;
}

/** From the first `{` to the last `}` (or to the end when the answer was cut off). */
function outermostObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  const end = text.lastIndexOf('}');
  return end > start ? text.slice(start, end + 1) : text.slice(start);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    return {
      ok: false,
      problem: position ? `syntax error at character ${position}` : 'syntax error',
    };
  }
}

/**
 * Drops commas right before `}` or `]` and closes what is still open at the end (a string,
 * then brackets), reading strings properly so their content is never touched.
 */
function fixSyntax(text: string): string {
  let out = '';
  const open: string[] = [];
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') open.push('}');
    else if (char === '[') open.push(']');
    else if (char === '}' || char === ']') open.pop();
    else if (char === ',' && closesNext(text, i + 1)) continue;
    out += char;
  }
  if (inString) out += '"';
  out = out.replace(/[,:\s]+$/, '');
  return out + open.reverse().join('');
}

/** Whether the next non-blank character from `from` closes an object or array. */
function closesNext(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return text[i] === '}' || text[i] === ']';
}
