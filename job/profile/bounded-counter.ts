export interface CountedKey {
  key: string;
  count: number;
}

/**
 * Approximate counts of the most frequent keys in bounded memory: at most 2 × capacity keys
 * are held; when that fills up, the `capacity` most frequent stay and the rest are dropped.
 * Frequent keys survive every prune; a rare key may be forgotten and counted again from zero,
 * which is fine for "what does this person keep talking about". Deterministic: ties go to the
 * alphabetically first key.
 */
export class BoundedCounter {
  readonly #capacity: number;
  readonly #counts = new Map<string, number>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('BoundedCounter capacity must be a positive integer');
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#counts.size;
  }

  add(key: string, by = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + by);
    if (this.#counts.size > 2 * this.#capacity) this.#prune();
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** The `n` most frequent, most first. */
  top(n: number): CountedKey[] {
    return this.#sorted().slice(0, n);
  }

  #sorted(): CountedKey[] {
    return [...this.#counts]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  #prune(): void {
    const keep = this.#sorted().slice(0, this.#capacity);
    this.#counts.clear();
    for (const { key, count } of keep) this.#counts.set(key, count);
  }
}
