import { AppError, toError } from './errors.js';

/**
 * The one retry policy of the project. Every call to something that can fail for a moment
 * (LLM, embeddings, storage, the database) goes through `withRetry`: it retries only errors
 * marked retryable (AppError.retryable: 408/409/429/5xx, 529 overloaded, connection failures),
 * waits what the server asked for (`retry-after-ms`, `retry-after`) or else backs off
 * exponentially from 0.5 s to 8 s with up to 25 % jitter, gives up after `maxAttempts`, and
 * stops at once when the signal aborts.
 */

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of the delay removed at random (0.25: the delay is 75–100 % of the backoff). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.25,
};

/** A server's hint never makes us wait longer than this. */
const MAX_HINTED_DELAY_MS = 60_000;

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: AppError;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  signal?: AbortSignal;
  /** Called before each wait, e.g. to shrink a concurrency limit or count retries. */
  onRetry?: (event: RetryEvent) => void;
  /** For tests: the random source of the jitter. */
  random?: () => number;
}

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    try {
      return await operation(attempt);
    } catch (thrown) {
      if (!(thrown instanceof AppError) || !thrown.retryable || thrown.kind === 'cancelled')
        throw thrown;
      if (attempt >= policy.maxAttempts) throw thrown;
      const delayMs = retryDelayMs(attempt, policy, thrown.retryAfterMs, options.random);
      options.onRetry?.({ attempt, delayMs, error: thrown });
      await sleep(delayMs, options.signal);
    }
  }
}

/** The wait before attempt `attempt + 1`: the server's hint when given, else backoff with jitter. */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0)
    return Math.min(retryAfterMs, MAX_HINTED_DELAY_MS);
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(backoff * (1 - policy.jitter * random()));
}

/**
 * Reads `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP date) from
 * response headers. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null | undefined } | Record<string, string | undefined>,
  now: number = Date.now(),
): number | undefined {
  const get = (name: string) =>
    typeof headers.get === 'function'
      ? ((headers.get as (n: string) => string | null | undefined)(name) ?? undefined)
      : (headers as Record<string, string | undefined>)[name];
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** HTTP statuses worth retrying: timeouts, conflicts, rate limits, overload and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled(signal);
}

function cancelled(signal: AbortSignal): AppError {
  return new AppError('CANCELLED', 'Stopped before finishing; a re-run resumes.', {
    kind: 'cancelled',
    cause: signal.reason === undefined ? undefined : toError(signal.reason),
  });
}
