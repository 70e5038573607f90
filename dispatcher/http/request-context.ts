import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../core/log.js';
import type { AppEnv } from './app-env.js';

/** An inbound id is kept only when it is short and plain (it ends up in our logs). */
const SAFE_REQUEST_ID = /^[\w\-=]{1,64}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when safe, else a UUID), echoes it in
 * the response, binds it to a child logger, and logs one line per request: method, path,
 * status, duration. Never headers or bodies (tokens, paths of other systems).
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const inbound = c.req.header('x-request-id');
    const requestId = inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : randomUUID();
    const log = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', log);
    const started = performance.now();
    await next();
    c.res.headers.set('x-request-id', requestId);
    log.info({
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  };
}
