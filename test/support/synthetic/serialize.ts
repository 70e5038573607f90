const NON_ASCII = /[\u0080-\uffff]/g;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Minified JSON; with `escapeNonAscii`, every non-ASCII UTF-16 unit becomes `\uXXXX` as in real exports. */
export function toJson(value: unknown, escapeNonAscii: boolean): string {
  const json = JSON.stringify(value);
  return escapeNonAscii ? json.replace(NON_ASCII, escapeChar) : json;
}

/** UTF-8 byte length (cheap when the text is known to be ASCII). */
export function utf8Length(text: string, ascii: boolean): number {
  return ascii ? text.length : Buffer.byteLength(text, 'utf8');
}
