/**
 * Counts the distinct 32-bit feature keys of one text, in an open-addressing hash table that is
 * reused from text to text: a slot is in use when its stamp equals the current generation, so
 * nothing is cleared between texts and nothing is allocated once the table is big enough.
 */
export class FeatureCounter {
  /** How many distinct keys the last `count` found. */
  distinct = 0;
  private keys = new Uint32Array(8192);
  private counts = new Uint32Array(8192);
  private stamps = new Uint32Array(8192);
  /** The slots in use, in first-seen order. */
  private used = new Uint32Array(8192);
  private generation = 0;

  /** Counts `keys[0..length)`; read the result with `keyAt`/`countAt` for 0 <= i < distinct. */
  count(keys: Uint32Array, length: number): void {
    if (this.keys.length < 2 * length) this.grow(2 * length);
    this.generation++;
    const { keys: table, counts, stamps, used, generation } = this;
    const mask = table.length - 1;
    let distinct = 0;
    for (let i = 0; i < length; i++) {
      const key = keys[i] as number;
      let slot = key & mask;
      for (;;) {
        if (stamps[slot] !== generation) {
          stamps[slot] = generation;
          table[slot] = key;
          counts[slot] = 1;
          used[distinct++] = slot;
          break;
        }
        if (table[slot] === key) {
          counts[slot] = (counts[slot] as number) + 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.distinct = distinct;
  }

  keyAt(i: number): number {
    return this.keys[this.used[i] as number] as number;
  }

  countAt(i: number): number {
    return this.counts[this.used[i] as number] as number;
  }

  private grow(needed: number): void {
    let size = this.keys.length;
    while (size < needed) size *= 2;
    this.keys = new Uint32Array(size);
    this.counts = new Uint32Array(size);
    this.stamps = new Uint32Array(size);
    this.used = new Uint32Array(size);
    this.generation = 0;
  }
}
