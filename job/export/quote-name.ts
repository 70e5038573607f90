/**
 * A file or entry name for a message a person reads (and that our JSON-lines logs carry): in
 * double quotes, with control characters, line and paragraph separators and bidirectional
 * overrides escaped as `\uXXXX` (so a name cannot start a forged log line, recolour a terminal or
 * reorder the text around it), a backslash or quote escaped, and long names cut in the middle.
 */
const MAX_NAME_CHARS = 120;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"\\]/g;

export function quoteName(name: string): string {
  const short =
    name.length > MAX_NAME_CHARS
      ? `${name.slice(0, MAX_NAME_CHARS / 2 - 1)}…${name.slice(-(MAX_NAME_CHARS / 2))}`
      : name;
  const escaped = short.replace(UNSAFE, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}
