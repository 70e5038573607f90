import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './app-env.js';

/**
 * CORS for apps that call the API from the browser with the signed-in user's Supabase access
 * token: only the configured origins, echoed back one at a time (never `*`), no cookies (the
 * token travels in `Authorization`). Mounted before authentication, so a preflight `OPTIONS`
 * is answered without a token.
 */
export function corsForOrigins(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposeHeaders: ['location', 'retry-after', 'x-request-id'],
    credentials: false,
    maxAge: 600,
  });
}
