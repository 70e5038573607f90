/**
 * The hashing of the lexical embedder: FNV-1a over a word's folded UTF-16 code units, finished
 * with murmur3's fmix32 so every bit of the key depends on every character (the embedder takes
 * the dimension from the low bits and the sign from the top bit).
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

const GOLDEN = 0x9e3779b1 | 0;
const PAIR_SEED = 0x5bd1e995;

/** The key of a word from its running FNV-1a hash and its length in code units. Unsigned. */
export function wordKey(hash: number, length: number): number {
  return fmix32(hash ^ length);
}

/** The key of two consecutive words; unrelated to either word's own key. Unsigned. */
export function pairKey(firstKey: number, secondKey: number): number {
  return fmix32(Math.imul(firstKey, GOLDEN) ^ secondKey ^ PAIR_SEED);
}

/** The key of an already folded word (lowercase, no diacritics), e.g. a stopword. */
export function keyOfFoldedWord(word: string): number {
  let hash = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
  return wordKey(hash, word.length);
}

/** murmur3's 32-bit finalizer. Unsigned result. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
