import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

/**
 * A loopback Supabase Auth (GoTrue) for what a server-side Supabase client asks of it:
 * `GET /auth/v1/user` with the user's access token (and the project's anon key in `apikey`),
 * answering the user as GoTrue does, or 401 `{code, error_code: "bad_jwt", msg}` for a token
 * that does not verify with the project's HS256 secret.
 */
export interface FakeSupabaseAuth {
  url: string;
  anonKey: string;
  requests: number;
  close(): Promise<void>;
}

export async function startFakeSupabaseAuth(
  jwtSecret: string,
  anonKey = 'anon-key-for-tests',
): Promise<FakeSupabaseAuth> {
  const secret = new TextEncoder().encode(jwtSecret);
  const fake: FakeSupabaseAuth = { url: '', anonKey, requests: 0, close: async () => {} };
  const server = createServer(async (req, res) => {
    fake.requests++;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || req.url !== '/auth/v1/user')
      return send(404, { code: 404, msg: 'Not found' });
    if (req.headers.apikey !== anonKey) return send(401, { message: 'Invalid API key' });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      const { payload } = await jwtVerify(token ?? '', secret, { audience: 'authenticated' });
      send(200, {
        id: payload.sub,
        aud: 'authenticated',
        role: payload.role ?? 'authenticated',
        email: payload.email ?? null,
        app_metadata: { provider: 'email' },
        user_metadata: {},
        created_at: '2026-01-01T00:00:00Z',
      });
    } catch {
      send(401, {
        code: 401,
        error_code: 'bad_jwt',
        msg: 'invalid JWT: unable to parse or verify signature',
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
