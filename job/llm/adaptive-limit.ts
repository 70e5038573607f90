import { throwIfAborted } from '../../core/retry.js';

export interface AdaptiveLimitOptions {
  /** The most calls in flight at once, and where the limit starts. */
  max: number;
  /** Consecutive successes after which the limit grows by one (up to `max`). Default 10. */
  growAfter?: number;
  /** Failures that mean "too much traffic" (rate limit, overload): they halve the limit. */
  shouldShrink: (error: unknown) => boolean;
}

/**
 * A concurrency limiter that backs off like TCP: the limit halves (never below 1) when a call
 * fails with pushback and grows back by one after `growAfter` successes in a row. A burst of
 * rejections from calls that were already in flight shrinks the limit once, not once per call.
 */
export class AdaptiveLimit {
  readonly max: number;
  readonly #growAfter: number;
  readonly #shouldShrink: (error: unknown) => boolean;
  #limit: number;
  #active = 0;
  #streak = 0;
  /** Bumped on every shrink; calls that started before it do not shrink again. */
  #epoch = 0;
  #shrinks = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: AdaptiveLimitOptions) {
    if (!Number.isInteger(options.max) || options.max < 1)
      throw new RangeError(`AdaptiveLimit max must be a whole number ≥ 1, got ${options.max}`);
    this.max = options.max;
    this.#limit = options.max;
    this.#growAfter = options.growAfter ?? 10;
    this.#shouldShrink = options.shouldShrink;
  }

  get limit(): number {
    return this.#limit;
  }

  get active(): number {
    return this.#active;
  }

  /** How many times the limit was halved. */
  get shrinks(): number {
    return this.#shrinks;
  }

  /** Runs `fn` once a slot is free; waiting stops with CANCELLED when `signal` aborts. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    const epoch = this.#epoch;
    try {
      const value = await fn();
      this.#succeeded();
      return value;
    } catch (error) {
      if (this.#shouldShrink(error)) this.#shrink(epoch);
      throw error;
    } finally {
      this.#active--;
      this.#drain();
    }
  }

  #acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.#active < this.#limit && this.#waiting.length === 0) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(wake);
        if (index >= 0) this.#waiting.splice(index, 1);
        try {
          throwIfAborted(signal);
        } catch (error) {
          reject(error);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(wake);
    });
  }

  #drain(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      this.#active++;
      this.#waiting.shift()!();
    }
  }

  #succeeded(): void {
    this.#streak++;
    if (this.#streak >= this.#growAfter && this.#limit < this.max) {
      this.#limit++;
      this.#streak = 0;
    }
  }

  #shrink(startedInEpoch: number): void {
    this.#streak = 0;
    if (startedInEpoch !== this.#epoch) return;
    this.#epoch++;
    this.#shrinks++;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
  }
}
