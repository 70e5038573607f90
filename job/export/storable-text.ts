/**
 * Text as Postgres can store it and every API can send it: U+0000 is removed (Postgres text
 * cannot hold it: one NUL in a message would fail the whole insert), and lone UTF-16 surrogates
 * (half an emoji, which `JSON.parse` accepts from `\ud800` escapes) become U+FFFD. Applied by
 * the reader to every text, title and id it hands on. Checks first, so clean text is not copied.
 */

interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

export function storableText(text: string): string {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  const wellFormed = withoutNul as unknown as WellFormedString;
  return wellFormed.isWellFormed() ? withoutNul : wellFormed.toWellFormed();
}

export function storableOrNull(text: string | null): string | null {
  return text === null ? null : storableText(text);
}
