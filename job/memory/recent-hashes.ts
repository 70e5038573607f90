/**
 * A bounded set of recent text hashes: once full, the oldest hash is forgotten first. Used to
 * skip near-duplicate user messages and repeated scaffolding paragraphs across a whole export
 * without keeping the texts (memory: about 40 bytes per entry).
 */
export class RecentHashes {
  readonly #hashes = new Set<number>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`RecentHashes capacity must be a whole number ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.#hashes.size;
  }

  /** True when `hash` was seen recently; otherwise remembers it and returns false. */
  seen(hash: number): boolean {
    if (this.#hashes.has(hash)) return true;
    if (this.#hashes.size >= this.capacity) {
      const oldest = this.#hashes.values().next().value as number;
      this.#hashes.delete(oldest);
    }
    this.#hashes.add(hash);
    return false;
  }
}

/**
 * The text with case, digits, punctuation and spacing ironed out, so "Translate this: 3 items"
 * and "translate this – 12 items!" compare equal.
 */
export function nearDuplicateKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '0')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A 53-bit hash (two 32-bit FNV-1a passes with different seeds): collisions are negligible. */
export function hashText(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
