import { parseRetryAfter, type RetryPolicy, withRetry } from '../../../core/retry.js';
import type { Secret } from '../../../core/secret.js';
import { launchFailed } from '../launch-error.js';
import type { RenderRequest } from './render-job-request.js';

export interface RenderApiSettings {
  /** `https://api.render.com/v1`; a loopback fake in tests. */
  apiUrl: string;
  apiKey: Secret;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** An answer of the API: the status and the parsed JSON body. */
export interface RenderResponse<T> {
  status: number;
  body: T;
}

/**
 * Sends one request with the project's retry policy: 429 (waiting for `Retry-After` or
 * `Ratelimit-Reset`), 5xx and network failures are retried; other 4xx fail at once with
 * Render's message. A 404 is returned, not thrown (the caller decides what a missing job means).
 */
export async function sendRenderRequest<T>(
  settings: RenderApiSettings,
  request: RenderRequest,
  signal?: AbortSignal,
): Promise<RenderResponse<T>> {
  return withRetry(() => sendOnce<T>(settings, request, signal), {
    policy: settings.retry,
    ...(signal ? { signal } : {}),
  });
}

async function sendOnce<T>(
  settings: RenderApiSettings,
  request: RenderRequest,
  signal: AbortSignal | undefined,
): Promise<RenderResponse<T>> {
  const what = `Render API ${request.method} ${request.path}`;
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${settings.apiUrl}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${settings.apiKey.reveal()}`,
        accept: 'application/json',
        ...(request.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    throw launchFailed(`${what} could not be reached: ${(error as Error).message}`, {
      retryable: !signal?.aborted,
      cause: error,
    });
  }
  const text = await response.text();
  const body = parseJson(text);
  if (response.ok || response.status === 404) return { status: response.status, body: body as T };
  const detail = (body as { message?: unknown } | undefined)?.message;
  const message = `${what} answered ${response.status}${typeof detail === 'string' ? `: ${detail}` : ''}.`;
  if (response.status === 429 || response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers) ?? rateLimitResetMs(response.headers);
    throw launchFailed(message, {
      retryable: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  throw launchFailed(message, { retryable: false });
}

/**
 * `Ratelimit-Reset` is documented as UTC epoch seconds but shown as a small number in the
 * example: a value below 10^9 is taken as seconds from now.
 */
export function rateLimitResetMs(headers: Headers, now = Date.now()): number | undefined {
  const value = Number(headers.get('ratelimit-reset'));
  if (!Number.isFinite(value) || value < 0) return undefined;
  return value < 1e9 ? value * 1000 : Math.max(0, value * 1000 - now);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
