import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../../core/errors.js';
import { httpStatusFor, ImportActiveError, RateLimitedError } from './api-errors.js';
import type { AppEnv } from './app-env.js';

/**
 * The API's error answers: a client error (`kind: 'bad_input'`) is `{code, message}` with its
 * status; anything else is a generic 500 naming the request id, with the details in the logs
 * only (they may hold SQL, platform answers or paths).
 */
export function errorResponse(err: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  if (err instanceof AppError && err.kind === 'bad_input') {
    const status = httpStatusFor(err);
    if (status === 401) c.header('www-authenticate', 'Bearer');
    if (err instanceof RateLimitedError) c.header('retry-after', String(err.retryAfterSeconds));
    return c.json(
      {
        code: err.code,
        message: err.message,
        ...(err instanceof ImportActiveError ? { jobId: err.jobId } : {}),
      },
      status,
    );
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(
      { code: 'INVALID_REQUEST', message: err.message || 'Invalid request.' },
      err.status,
    );
  }
  c.get('logger').error({
    msg: 'request failed',
    code: err instanceof AppError ? err.code : 'INTERNAL',
    err,
  });
  return c.json(
    {
      code: 'INTERNAL',
      message: `Something went wrong on our side. Quote request id ${requestId} if you report it.`,
      requestId,
    },
    500,
  );
}
