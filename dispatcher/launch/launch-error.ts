import { AppError } from '../../core/errors.js';

/**
 * A launch that did not happen. Retryable ones (throttling, capacity, the platform's 5xx, a
 * network failure) send the job back to the queue as its next attempt; the others (bad
 * configuration, access denied, a missing cluster or service) fail it at once.
 */
export function launchFailed(
  message: string,
  options: { retryable: boolean; cause?: unknown; retryAfterMs?: number },
): AppError {
  return new AppError('LAUNCH_FAILED', message, {
    kind: options.retryable ? 'upstream' : 'config',
    retryable: options.retryable,
    cause: options.cause,
    ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
  });
}
