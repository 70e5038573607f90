import type { ImportRouteConfig } from './import-route-config.js';
import type { SignedInUser } from './signed-in-user.js';

/** What the app's import page shows when the processing service cannot be reached. */
export const SERVICE_UNAVAILABLE = 'Processing service unavailable. Please try again.';

/** The dispatcher's answer, or null when it could not be reached in time. */
export async function callDispatcher(
  config: ImportRouteConfig,
  user: SignedInUser,
  path: string,
  init: { method: 'GET' | 'POST'; body?: unknown } = { method: 'GET' },
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const response = await fetch(`${config.dispatcherUrl}${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, body };
  } catch {
    return null;
  }
}

/** A JSON response that also sets the cookies a session refresh produced. */
export function jsonResponse(body: unknown, status: number, user: SignedInUser | null): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  for (const cookie of user?.setCookies ?? [])
    headers.append('set-cookie', serializeCookie(cookie));
  return new Response(JSON.stringify(body), { status, headers });
}

function serializeCookie(cookie: SignedInUser['setCookies'][number]): string {
  const parts = [`${cookie.name}=${encodeURIComponent(cookie.value)}`];
  const o = cookie.options;
  if (typeof o.path === 'string') parts.push(`Path=${o.path}`);
  if (typeof o.maxAge === 'number') parts.push(`Max-Age=${o.maxAge}`);
  if (typeof o.sameSite === 'string') parts.push(`SameSite=${o.sameSite}`);
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}
