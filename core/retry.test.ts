import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, sleep, withRetry } from './retry.js';

const fast = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 4 };
const upstream = (retryAfterMs?: number) =>
  new AppError('INTERNAL', 'temporarily unavailable', {
    kind: 'upstream',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('withRetry', () => {
  it('retries retryable errors until the operation succeeds', async () => {
    const waits: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw upstream();
        return attempt;
      },
      { policy: fast, onRetry: (e) => waits.push(e.delayMs) },
    );
    expect(result).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw upstream();
        },
        { policy: { ...fast, maxAttempts: 3 } },
      ),
    ).rejects.toThrow('temporarily unavailable');
    expect(calls).toBe(3);
  });

  it('does not retry bad input or unknown errors', async () => {
    for (const error of [
      new AppError('EXPORT_EMPTY', 'empty', { kind: 'bad_input' }),
      new Error('bug'),
    ]) {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw error;
          },
          { policy: fast },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('waits what the server asked for', async () => {
    const waits: number[] = [];
    await withRetry(
      async (attempt) => {
        if (attempt === 1) throw upstream(20);
        return 'ok';
      },
      { policy: fast, onRetry: (e) => waits.push(e.delayMs) },
    );
    expect(waits).toEqual([20]);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = withRetry(
      async () => {
        throw upstream(10_000);
      },
      { policy: fast, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED', kind: 'cancelled' });
    await expect(sleep(5, AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('backoff and retry-after', () => {
  it('doubles from 0.5 s up to 8 s, removing at most 25 % as jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) =>
      retryDelayMs(n, DEFAULT_RETRY_POLICY, undefined, () => 0),
    );
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, undefined, () => 1)).toBe(375);
  });

  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(parseRetryAfter({ 'retry-after': 'Sun, 29 Nov 2026 10:00:03 GMT' }, now)).toBe(3000);
    expect(parseRetryAfter(new Headers({}))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});
