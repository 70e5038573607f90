/**
 * How the lexical tokenizer treats each UTF-16 code unit, decided once per code unit and cached
 * in a 64K table: so the hot loop does one array read per character instead of a regex, a
 * Unicode normalization or a lowercase call.
 *
 * Word characters are Unicode letters and digits, lowercased, with diacritics stripped (NFKD,
 * then combining marks dropped): "É" and "e" are the same, "ﬁ" is "fi". Combining marks inside a
 * word are skipped (so decomposed "é" is "e" too). Han, Hiragana and Katakana characters are
 * tokens of their own, since those scripts do not put spaces between words. Everything else
 * separates words.
 */

/** Not a word character. */
export const SEPARATOR = 1;
/** A combining mark: part of the word, contributes nothing. */
export const SKIP = 2;
/** A word character that folds to the one code unit in the low 16 bits. */
export const WORD = 3;
/** A word character that folds to several code units: see `multiFold`. */
export const WORD_MULTI = 4;
/** A Han, Hiragana or Katakana character (folded unit in the low 16 bits): a token by itself. */
export const IDEOGRAPH = 5;
/** The first half of a surrogate pair: see `astralClass`. */
export const HIGH_SURROGATE = 6;

/** `class << 16 | folded code unit`; 0 means not classified yet. */
const CHAR_INFO = new Uint32Array(0x10000);
const MULTI_FOLDS = new Map<number, string>();
const ASTRAL_CLASSES = new Map<number, number>();

const IS_MARK = /^\p{M}$/u;
const IS_WORD = /^[\p{L}\p{N}]$/u;
const IS_IDEOGRAPH = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const NOT_WORD = /[^\p{L}\p{N}]/gu;

/** The table entry for code unit `c`: `class << 16 | folded code unit`. */
export function charInfo(c: number): number {
  const info = CHAR_INFO[c] as number;
  return info === 0 ? classify(c) : info;
}

/** The folded text of a `WORD_MULTI` code unit. */
export function multiFold(c: number): string {
  return MULTI_FOLDS.get(c) as string;
}

/** WORD (letters, digits), IDEOGRAPH or SEPARATOR (emoji, symbols) for an astral code point. */
export function astralClass(codePoint: number): number {
  let cls = ASTRAL_CLASSES.get(codePoint);
  if (cls === undefined) {
    const ch = String.fromCodePoint(codePoint);
    cls = IS_IDEOGRAPH.test(ch) ? IDEOGRAPH : IS_WORD.test(ch) ? WORD : SEPARATOR;
    ASTRAL_CLASSES.set(codePoint, cls);
  }
  return cls;
}

function classify(c: number): number {
  let info: number;
  if (c >= 0xd800 && c <= 0xdbff) info = HIGH_SURROGATE << 16;
  else if (c >= 0xdc00 && c <= 0xdfff) info = SEPARATOR << 16;
  else {
    const ch = String.fromCharCode(c);
    if (IS_MARK.test(ch)) info = SKIP << 16;
    else if (!IS_WORD.test(ch)) info = SEPARATOR << 16;
    else {
      const folded = ch.normalize('NFKD').toLowerCase().normalize('NFKD').replace(NOT_WORD, '');
      if (folded.length === 0) info = SKIP << 16;
      else if (folded.length === 1)
        info = ((IS_IDEOGRAPH.test(ch) ? IDEOGRAPH : WORD) << 16) | folded.charCodeAt(0);
      else {
        MULTI_FOLDS.set(c, folded);
        info = WORD_MULTI << 16;
      }
    }
  }
  CHAR_INFO[c] = info;
  return info;
}
