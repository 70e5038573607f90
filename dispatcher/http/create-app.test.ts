import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, finishJob } from '../../core/db/index.js';
import { Secret } from '../../core/secret.js';
import { ADAPTERS, OPEN_TIMEOUT_MS, type OpenedDatabase } from '../../test/db/database-fixtures.js';
import { FakeLauncher } from '../../test/fakes/fake-launcher.js';
import { hs256Token, ISSUER, JWT_SECRET } from '../../test/support/user-tokens.js';
import { ImportService } from '../imports/import-service.js';
import { Reconciler } from '../reconcile/reconciler.js';
import { createAuthenticator } from './authenticate.js';
import { createApp } from './create-app.js';

const SERVICE_TOKEN = 'service-token-of-at-least-thirty-two-chars';
const logLines: string[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);

let opened: OpenedDatabase;
let db: Database;
let launcher: FakeLauncher;

beforeAll(async () => {
  opened = await ADAPTERS[0]!.open();
  db = opened.db;
}, OPEN_TIMEOUT_MS);
afterAll(() => opened?.close());
beforeEach(() => {
  launcher = new FakeLauncher('local');
  logLines.length = 0;
});

function app(options: { db?: Database; rateLimit?: number; corsAllowedOrigins?: string[] } = {}) {
  const database = options.db ?? db;
  const reconciler = new Reconciler(
    {
      db: database,
      launcher,
      logger,
      settings: {
        owner: 'api-test',
        maxActive: 1000,
        launchBatch: 10,
        limits: { heartbeatTimeoutMs: 90_000, startTimeoutMs: 600_000, missingGraceMs: 60_000 },
        relaunch: { maxAttempts: 10, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 },
      },
    },
    1000,
  );
  const imports = new ImportService(
    { db: database, launchNow: (id) => reconciler.launchNow(id), kick: () => {} },
    {
      launcherName: 'local',
      maxAttempts: 3,
      rateLimit: { max: options.rateLimit ?? 5, windowSeconds: 3600 },
      pathPrefix: 'imports/{userId}/',
      createUsers: true,
    },
  );
  const authenticate = createAuthenticator({
    serviceToken: new Secret(SERVICE_TOKEN),
    jwtSecret: new Secret(JWT_SECRET),
    jwksUrl: undefined,
    issuer: ISSUER,
  });
  return createApp({
    db: database,
    logger,
    authenticate,
    imports,
    ...(options.corsAllowedOrigins ? { corsAllowedOrigins: options.corsAllowedOrigins } : {}),
  });
}

async function user() {
  const id = randomUUID();
  return { id, auth: `Bearer ${await hs256Token({ sub: id })}`, path: `imports/${id}/export.zip` };
}

function post(path: string, auth: string | undefined, body: unknown, raw?: string) {
  return app().request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: raw ?? JSON.stringify(body),
  });
}

function get(path: string, auth?: string, a = app()) {
  return a.request(path, { headers: auth ? { authorization: auth } : {} });
}

const SERVICE = `Bearer ${SERVICE_TOKEN}`;

// biome-ignore lint/suspicious/noExplicitAny: the assertions check the bodies' shapes
type Body = any;
async function read(response: Response | Promise<Response>): Promise<Body> {
  return (await response).json();
}

describe('POST /imports', () => {
  it('accepts an import, launches it and answers 202 with the job id', async () => {
    const u = await user();
    const response = await post('/imports', u.auth, { storagePath: u.path });
    expect(response.status).toBe(202);
    const body = await read(response);
    expect(body).toEqual({ jobId: expect.any(String), status: 'launching' });
    expect(response.headers.get('location')).toBe(`/imports/${body.jobId}`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(launcher.launches).toEqual([{ jobId: body.jobId, attempt: 1, memoryMib: null }]);
    const status = await get('/imports/status', u.auth);
    expect(await read(status)).toEqual({
      status: 'processing',
      progress: 0,
      stage: 'starting',
      error: null,
      jobId: body.jobId,
    });
  });

  it('answers 409 with the active job while one is in progress', async () => {
    const u = await user();
    const first = await read(post('/imports', u.auth, { storagePath: u.path }));
    const second = await post('/imports', u.auth, { storagePath: u.path });
    expect(second.status).toBe(409);
    expect(await read(second)).toEqual({
      code: 'IMPORT_ALREADY_ACTIVE',
      message: 'An import is already in progress for this user.',
      jobId: first.jobId,
    });
  });

  it('answers 429 with Retry-After past the per-user rate limit', async () => {
    const u = await user();
    const limited = app({ rateLimit: 1 });
    const request = () =>
      limited.request('/imports', {
        method: 'POST',
        headers: { authorization: u.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ storagePath: u.path }),
      });
    const first = await read(request());
    await finishJob(db, { jobId: first.jobId, status: 'failed', exitCode: 2 });
    const second = await request();
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await read(second)).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it.each([
    ["another user's folder", () => `imports/${randomUUID()}/export.zip`, 403, 'FORBIDDEN'],
    [
      'a traversal',
      (id: string) => `imports/${id}/../${randomUUID()}/x.zip`,
      400,
      'STORAGE_PATH_INVALID',
    ],
    [
      'an encoded traversal',
      (id: string) => `imports/${id}/%2E%2E/x.zip`,
      400,
      'STORAGE_PATH_INVALID',
    ],
  ])('refuses %s', async (_name, path, status, code) => {
    const u = await user();
    const response = await post('/imports', u.auth, { storagePath: path(u.id) });
    expect(response.status).toBe(status);
    expect(await read(response)).toMatchObject({ code });
    expect(launcher.launches).toEqual([]);
  });

  it('refuses a user starting an import for someone else', async () => {
    const u = await user();
    const response = await post('/imports', u.auth, { userId: randomUUID(), storagePath: u.path });
    expect(response.status).toBe(403);
  });

  it('answers 401 without credentials', async () => {
    const response = await post('/imports', undefined, { storagePath: 'imports/x/y.zip' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await read(response)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Send Authorization: Bearer <token>.',
    });
  });

  it('answers 400 for a body that is not JSON or lacks the path', async () => {
    const u = await user();
    const notJson = await post('/imports', u.auth, undefined, '{storagePath:');
    expect(notJson.status).toBe(400);
    expect(await read(notJson)).toMatchObject({ code: 'INVALID_REQUEST' });
    const missing = await post('/imports', u.auth, {});
    expect(missing.status).toBe(400);
    expect((await read(missing)).message).toContain('storagePath');
  });

  it('answers a CORS preflight from an allowed origin before authentication, and no other origin', async () => {
    const a = app({ corsAllowedOrigins: ['https://app.example.com'] });
    const preflight = await a.request('/imports', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await a.request('/imports/status', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const u = await user();
    const status = await a.request('/imports/status', {
      headers: { origin: 'https://app.example.com', authorization: u.auth },
    });
    expect(status.status).toBe(200);
    expect(status.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    // Without CORS configured, no browser origin is allowed.
    const closed = await app().request('/imports/status', {
      headers: { origin: 'https://app.example.com', authorization: u.auth },
    });
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 415 for a body that is not sent as JSON', async () => {
    const u = await user();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const response = await app().request('/imports', {
        method: 'POST',
        headers: { authorization: u.auth, ...(type ? { 'content-type': type } : {}) },
        body: JSON.stringify({ storagePath: u.path }),
      });
      expect(response.status).toBe(415);
      expect(await read(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
  });

  it('answers 400 for a body over 16 KB', async () => {
    const u = await user();
    const response = await post('/imports', u.auth, {
      storagePath: u.path,
      pad: 'x'.repeat(20_000),
    });
    expect(response.status).toBe(400);
    expect(await read(response)).toEqual({
      code: 'INVALID_REQUEST',
      message: 'The body is too large.',
    });
  });

  it('accepts a service call naming the user, and refuses one that does not', async () => {
    const userId = randomUUID();
    const accepted = await post('/imports', SERVICE, {
      userId,
      storagePath: `imports/${userId}/a.zip`,
    });
    expect(accepted.status).toBe(202);
    const missing = await post('/imports', SERVICE, { storagePath: `imports/${userId}/a.zip` });
    expect(missing.status).toBe(400);
    expect((await read(missing)).message).toContain('userId');
  });
});

describe('reading and cancelling', () => {
  it('answers the status for a service call only with ?userId=', async () => {
    expect((await get('/imports/status', SERVICE)).status).toBe(400);
    const response = await get(`/imports/status?userId=${randomUUID()}`, SERVICE);
    expect(await read(response)).toEqual({
      status: 'none',
      progress: 0,
      stage: null,
      error: null,
      jobId: null,
    });
  });

  it('shows a job to its owner without platform details, and to the service with them', async () => {
    const u = await user();
    const { jobId } = await read(post('/imports', u.auth, { storagePath: u.path }));
    const owner = await read(get(`/imports/${jobId}`, u.auth));
    expect(owner).toMatchObject({ id: jobId, userId: u.id, status: 'launching', attempt: 1 });
    expect(owner).not.toHaveProperty('externalId');
    expect(owner).not.toHaveProperty('errorMessage');
    const service = await read(get(`/imports/${jobId}`, SERVICE));
    expect(service).toMatchObject({
      externalId: `fake-${jobId}-1`,
      logRef: `fake:fake-${jobId}-1`,
    });
  });

  it("answers 404 for someone else's job and for ids that are not jobs", async () => {
    const owner = await user();
    const other = await user();
    const { jobId } = await read(post('/imports', owner.auth, { storagePath: owner.path }));
    expect((await get(`/imports/${jobId}`, other.auth)).status).toBe(404);
    expect((await get(`/imports/${randomUUID()}`, other.auth)).status).toBe(404);
    expect((await get('/imports/not-a-uuid', other.auth)).status).toBe(404);
    expect((await post(`/imports/${jobId}/cancel`, other.auth, {})).status).toBe(404);
  });

  it('cancels an import once, then answers 409', async () => {
    const u = await user();
    const { jobId } = await read(post('/imports', u.auth, { storagePath: u.path }));
    const cancelled = await post(`/imports/${jobId}/cancel`, u.auth, {});
    expect(cancelled.status).toBe(202);
    expect(await read(cancelled)).toEqual({ jobId, status: 'cancelled' });
    expect(await read(get('/imports/status', u.auth))).toMatchObject({
      status: 'failed',
      error: 'The import was cancelled.',
    });
    const again = await post(`/imports/${jobId}/cancel`, u.auth, {});
    expect(again.status).toBe(409);
    expect(await read(again)).toMatchObject({ code: 'IMPORT_FINISHED' });
  });
});

describe('health, description and errors', () => {
  it('answers /healthz and /readyz without credentials', async () => {
    expect(await read(get('/healthz'))).toEqual({ status: 'ok' });
    expect(await read(get('/readyz'))).toEqual({ status: 'ready' });
  });

  it(
    'answers 503 from /readyz when the database is gone',
    async () => {
      const gone = await ADAPTERS[0]!.open({ migrated: false });
      await gone.close();
      const response = await get('/readyz', undefined, app({ db: gone.db }));
      expect(response.status).toBe(503);
      expect(await read(response)).toMatchObject({ code: 'DB_UNAVAILABLE' });
    },
    OPEN_TIMEOUT_MS,
  );

  it('describes itself at /openapi.json', async () => {
    const document = await read(get('/openapi.json'));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual([
      '/imports',
      '/imports/status',
      '/imports/{id}',
      '/imports/{id}/cancel',
      '/healthz',
      '/readyz',
    ]);
    expect(
      document.paths['/imports/status'].get.responses['200'].content['application/json'].schema
        .properties.status.enum,
    ).toEqual(['none', 'processing', 'quick_ready', 'complete', 'failed']);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await get('/nope');
    expect(response.status).toBe(404);
    expect(await read(response)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it(
    'answers a failure of ours with a generic 500 and keeps the details in the logs',
    async () => {
      const gone = await ADAPTERS[0]!.open({ migrated: false });
      await gone.close();
      const u = await user();
      const response = await app({ db: gone.db }).request('/imports', {
        method: 'POST',
        headers: {
          authorization: u.auth,
          'x-request-id': 'req-123',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ storagePath: u.path }),
      });
      expect(response.status).toBe(500);
      const body = await read(response);
      expect(body).toEqual({
        code: 'INTERNAL',
        message: 'Something went wrong on our side. Quote request id req-123 if you report it.',
        requestId: 'req-123',
      });
      const logged = logLines.map((line) => JSON.parse(line));
      const failure = logged.find((line) => line.msg === 'request failed');
      expect(failure).toMatchObject({ requestId: 'req-123', code: 'DB_UNAVAILABLE' });
      expect(failure.err.message).toContain('embedded database');
    },
    OPEN_TIMEOUT_MS,
  );

  it('never logs the bearer token', async () => {
    const u = await user();
    await post('/imports', u.auth, { storagePath: u.path });
    await post('/imports', SERVICE, { storagePath: 'x' });
    expect(logLines.length).toBeGreaterThan(0);
    const text = logLines.join('');
    expect(text).not.toContain(u.auth.slice(7));
    expect(text).not.toContain(SERVICE_TOKEN);
  });
});
