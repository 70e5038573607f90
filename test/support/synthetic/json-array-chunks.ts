import type { SynthesizedConversation } from './synthesize-conversation.js';

/** An iterator you can look ahead on, so a writer knows whether another shard is needed. */
export class Lookahead<T> {
  private buffered: IteratorResult<T> | null = null;

  constructor(private readonly iterator: Iterator<T>) {}

  hasNext(): boolean {
    this.buffered ??= this.iterator.next();
    return this.buffered.done !== true;
  }

  next(): T | undefined {
    if (!this.hasNext()) return undefined;
    const value = (this.buffered as IteratorYieldResult<T>).value;
    this.buffered = null;
    return value;
  }
}

/**
 * Serialises up to `limit` conversations as one minified JSON array, in chunks of about
 * `chunkBytes`, calling `onConversation` as each one is emitted. An exhausted source gives `[]`.
 */
export function* jsonArrayChunks(
  source: Lookahead<SynthesizedConversation>,
  limit: number,
  onConversation: (conversation: SynthesizedConversation) => void,
  ascii: boolean,
  chunkBytes = 1 << 20,
): Generator<Buffer> {
  const encoding = ascii ? 'latin1' : 'utf8';
  let pending = '[';
  let count = 0;
  while (count < limit && source.hasNext()) {
    const conversation = source.next()!;
    pending += (count > 0 ? ',' : '') + conversation.json;
    count++;
    onConversation(conversation);
    if (pending.length >= chunkBytes) {
      const chunk = Buffer.from(pending, encoding);
      pending = '';
      yield chunk;
    }
  }
  yield Buffer.from(`${pending}]`, encoding);
}
