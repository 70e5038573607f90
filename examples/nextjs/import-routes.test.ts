import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServerClient } from '@supabase/ssr';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDispatcherConfig } from '../../dispatcher/config.js';
import { type RunningDispatcher, startDispatcher } from '../../dispatcher/start-dispatcher.js';
import {
  type FakeSupabaseAuth,
  startFakeSupabaseAuth,
} from '../../test/fakes/fake-supabase-auth.js';
import { hs256Token, ISSUER, JWT_SECRET } from '../../test/support/user-tokens.js';
import { GET } from './app/api/import/status/route.js';
import { POST } from './app/api/import/trigger/route.js';
import { SERVICE_UNAVAILABLE } from './lib/dispatcher-call.js';
import { NoRealtime } from './lib/signed-in-user.js';

/**
 * The app's two routes as the app runs them: a Web Request carrying the session cookie that
 * `@supabase/ssr` writes, checked against a loopback Supabase Auth, forwarded to a real
 * dispatcher on loopback that runs a real local import. The seed's polling loop (every 2 s
 * until complete or failed) drives the status route unchanged.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const built = existsSync(path.join(ROOT, 'dist/job/cli/run-command.js'));
const SAMPLE = path.join(ROOT, 'samples/sample-export.zip');

let dir: string;
let auth: FakeSupabaseAuth;
let dispatcher: RunningDispatcher;

beforeAll(async () => {
  if (!built) return;
  dir = await mkdtemp(path.join(tmpdir(), 'nextjs-routes-'));
  auth = await startFakeSupabaseAuth(JWT_SECRET);
  const config = loadDispatcherConfig({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    PORT: '0',
    SUPABASE_JWT_SECRET: JWT_SECRET,
    SUPABASE_JWT_ISSUER: ISSUER,
    SOULPRINT_DATA_DIR: 'memory://',
    SOULPRINT_STORAGE_DIR: path.join(dir, 'storage'),
    SOULPRINT_JOB_LOG_DIR: path.join(dir, 'logs'),
    RECONCILE_INTERVAL_MS: '250',
  });
  dispatcher = await startDispatcher(config, { logger: pino({ level: 'warn' }) });
  vi.stubEnv('SOULPRINT_DISPATCHER_URL', dispatcher.url);
  vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', auth.url);
  vi.stubEnv('NEXT_PUBLIC_SUPABASE_ANON_KEY', auth.anonKey);
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await dispatcher?.stop();
  await auth?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The cookie header a browser sends after signing in: written by @supabase/ssr itself. */
async function sessionCookie(userId: string): Promise<string> {
  let jar: Array<{ name: string; value: string }> = [];
  const supabase = createServerClient(auth.url, auth.anonKey, {
    realtime: { transport: NoRealtime },
    cookies: {
      getAll: () => jar,
      setAll: (cookies) => {
        jar = cookies;
      },
    },
  });
  const { error } = await supabase.auth.setSession({
    access_token: await hs256Token({ sub: userId }),
    refresh_token: 'refresh-token-for-tests',
  });
  if (error) throw error;
  return jar.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
}

const request = (route: string, cookie: string | null, body?: unknown) =>
  new Request(`http://app.local/api/import/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe.skipIf(!built)('the Next.js import routes against a real dispatcher', () => {
  it('answers none before an import, starts one with 202 processing, and the seed loop polls it to complete', async () => {
    const userId = randomUUID();
    const storagePath = `imports/${userId}/export.zip`;
    await mkdir(path.join(dir, 'storage', 'imports', userId), { recursive: true });
    await copyFile(SAMPLE, path.join(dir, 'storage', storagePath));
    const cookie = await sessionCookie(userId);

    const before = await GET(request('status', cookie));
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ status: 'none', error: null });

    const started = await POST(request('trigger', cookie, { storagePath }));
    expect(started.status).toBe(202);
    const body = (await started.json()) as { jobId: string };
    expect(body).toMatchObject({ status: 'processing', progress: 0 });
    expect(body.jobId).toMatch(/^[0-9a-f-]{36}$/);

    // A second trigger while it runs: the page follows the same import.
    const again = await POST(request('trigger', cookie, { storagePath }));
    expect(again.status).toBe(202);
    expect(((await again.json()) as { jobId: string }).jobId).toBe(body.jobId);

    // The seed's loop: every 2 s, stop at complete or failed.
    const seen: string[] = [];
    const deadline = Date.now() + 120_000;
    let last: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      const response = await GET(request('status', cookie));
      last = (await response.json()) as Record<string, unknown>;
      seen.push(String(last.status));
      if (last.status === 'complete' || last.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    expect(last).toMatchObject({ status: 'complete', progress: 100, error: null });
    expect(seen).not.toContain('failed');
  }, 180_000);

  it('answers 401 when nobody is signed in or the session does not verify', async () => {
    expect((await POST(request('trigger', null, { storagePath: 'x' }))).status).toBe(401);
    expect((await GET(request('status', 'sb-127-auth-token=garbage'))).status).toBe(401);
  });

  it('tells the user the processing service is unavailable when the dispatcher cannot be reached', async () => {
    const userId = randomUUID();
    const cookie = await sessionCookie(userId);
    vi.stubEnv('SOULPRINT_DISPATCHER_URL', 'http://127.0.0.1:9');
    try {
      const response = await POST(
        request('trigger', cookie, { storagePath: `imports/${userId}/export.zip` }),
      );
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: SERVICE_UNAVAILABLE });
    } finally {
      vi.stubEnv('SOULPRINT_DISPATCHER_URL', dispatcher.url);
    }
  });
});
