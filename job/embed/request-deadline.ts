import { AppError } from '../../core/errors.js';
import { throwIfAborted } from '../../core/retry.js';

/**
 * Runs one request under a deadline: `request` gets a signal that aborts when the caller's
 * signal does or after `timeoutMs`. If the caller aborted, this throws CANCELLED; if the
 * deadline passed, a retryable EMBEDDING_UNAVAILABLE naming `what` ("https://api.openai.com/v1").
 * Read the response body inside `request`, so a server that stalls mid-body is caught too.
 */
export async function withDeadline<T>(
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  throwIfAborted(signal);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    return await request(signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
  } catch (error) {
    throwIfAborted(signal);
    if (deadline.signal.aborted) {
      throw new AppError(
        'EMBEDDING_UNAVAILABLE',
        `${what} did not answer within ${timeoutMs / 1000} s.`,
        { kind: 'upstream', cause: error },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
