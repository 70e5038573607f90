/**
 * A binary min-heap: `peek()` is the item `compare` ranks lowest. The bounded collectors keep
 * their best items in one, evicting the lowest when over budget.
 */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let lowest = i;
      if (left < items.length && this.#compare(items[left]!, items[lowest]!) < 0) lowest = left;
      if (right < items.length && this.#compare(items[right]!, items[lowest]!) < 0) lowest = right;
      if (lowest === i) break;
      [items[i], items[lowest]] = [items[lowest]!, items[i]!];
      i = lowest;
    }
    return top;
  }

  /** The items in no particular order (a copy). */
  toArray(): T[] {
    return [...this.#items];
  }
}
