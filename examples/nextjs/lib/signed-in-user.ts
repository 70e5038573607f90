import { createServerClient } from '@supabase/ssr';
import type { RealtimeClientOptions } from '@supabase/supabase-js';
import type { ImportRouteConfig } from './import-route-config.js';

/** The signed-in user's access token, and the cookies a token refresh asks to set. */
export interface SignedInUser {
  accessToken: string;
  setCookies: Array<{ name: string; value: string; options: Record<string, unknown> }>;
}

/**
 * Reads the Supabase session from the request's cookies (as `@supabase/ssr` wrote them) and
 * checks it with the Auth server (`getUser()`: a cookie alone is not proof). Null when nobody is
 * signed in. The dispatcher verifies the token again; the app never needs the service key.
 */
export async function signedInUser(
  request: Request,
  config: ImportRouteConfig,
): Promise<SignedInUser | null> {
  const setCookies: SignedInUser['setCookies'] = [];
  const supabase = createServerClient(config.supabaseUrl, config.supabaseAnonKey, {
    realtime: { transport: NoRealtime },
    cookies: {
      getAll: () => parseCookies(request.headers.get('cookie') ?? ''),
      setAll: (cookies) => {
        setCookies.push(
          ...cookies.map(({ name, value, options }) => ({ name, value, options: { ...options } })),
        );
      },
    },
  });
  const { data: user, error } = await supabase.auth.getUser();
  if (error || !user.user) return null;
  const { data } = await supabase.auth.getSession();
  const accessToken = data.session?.access_token;
  return accessToken ? { accessToken, setCookies } : null;
}

/**
 * The routes never open a realtime channel; this stands in for the WebSocket that supabase-js
 * otherwise looks for when it is created (Node 20 has none built in).
 */
export const NoRealtime = class {
  constructor() {
    throw new Error('The import routes do not use Supabase Realtime.');
  }
} as unknown as NonNullable<RealtimeClientOptions['transport']>;

function parseCookies(header: string): Array<{ name: string; value: string }> {
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.includes('='))
    .map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: decodeURIComponent(pair.slice(at + 1)) };
    });
}
