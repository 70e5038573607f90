import { expect, test } from 'vitest';
import { finishJob, markJobRunning } from '../../core/db/import-jobs.js';
import {
  CANCELLED_MESSAGE,
  cancelImportJob,
  getDispatchJob,
  type ImportRequest,
  readImportStatus,
  requestImport,
} from '../../core/db/import-requests.js';
import {
  databaseForSuite,
  describeEachAdapter,
  newUser,
  readProfile,
} from './database-fixtures.js';

function request(userId: string, overrides: Partial<ImportRequest> = {}): ImportRequest {
  return {
    userId,
    storagePath: `imports/${userId}/export.zip`,
    launcher: 'local',
    maxAttempts: 3,
    rateLimit: { max: 5, windowSeconds: 3600 },
    ...overrides,
  };
}

describeEachAdapter('import requests through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  test('a request queues a job and sets the profile to processing at 0 %', async () => {
    const userId = await newUser(db);
    const result = await requestImport(db, request(userId));
    expect(result.outcome).toBe('created');
    if (result.outcome !== 'created') return;
    expect(result.job).toMatchObject({
      userId,
      status: 'queued',
      attempt: 1,
      maxAttempts: 3,
      launcher: 'local',
      settledAt: null,
    });
    const profile = await readProfile(db, userId);
    expect(profile).toMatchObject({
      import_status: 'processing',
      progress_percent: 0,
      current_import_id: result.job.id,
    });
    expect(profile?.processing_started_at).toBeInstanceOf(Date);
    expect(await readImportStatus(db, userId)).toEqual({
      status: 'processing',
      progress: 0,
      stage: 'starting',
      error: null,
      jobId: result.job.id,
    });
  });

  test('a second request while one is active names the active job', async () => {
    const userId = await newUser(db);
    const first = await requestImport(db, request(userId));
    const second = await requestImport(db, request(userId));
    expect(first.outcome).toBe('created');
    expect(second).toEqual({
      outcome: 'active',
      jobId: first.outcome === 'created' ? first.job.id : '',
    });
  });

  test('concurrent requests of one user create exactly one job', async () => {
    const userId = await newUser(db);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => requestImport(db, request(userId))),
    );
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'active')).toHaveLength(3);
  });

  test('the rate limit counts the imports of the window and says when the next is allowed', async () => {
    const userId = await newUser(db);
    const limited = request(userId, { rateLimit: { max: 2, windowSeconds: 600 } });
    for (let i = 0; i < 2; i++) {
      const result = await requestImport(db, limited);
      if (result.outcome !== 'created') throw new Error(`expected created, got ${result.outcome}`);
      await finishJob(db, { jobId: result.job.id, status: 'failed', exitCode: 2 });
    }
    const third = await requestImport(db, limited);
    expect(third.outcome).toBe('rate_limited');
    if (third.outcome === 'rate_limited') {
      expect(third.retryAfterSeconds).toBeGreaterThan(590);
      expect(third.retryAfterSeconds).toBeLessThanOrEqual(600);
    }
    // Another user is not affected.
    expect((await requestImport(db, request(await newUser(db)))).outcome).toBe('created');
  });

  test('imports older than the window do not count', async () => {
    const userId = await newUser(db);
    const first = await requestImport(db, request(userId));
    if (first.outcome !== 'created') throw new Error('expected created');
    await finishJob(db, { jobId: first.job.id, status: 'succeeded', exitCode: 0 });
    await db.query(
      `update public.import_jobs set created_at = now() - interval '2 hours' where id = $1::uuid`,
      [first.job.id],
    );
    const second = await requestImport(
      db,
      request(userId, { rateLimit: { max: 1, windowSeconds: 3600 } }),
    );
    expect(second.outcome).toBe('created');
  });

  test('a user without a profile reads as no import', async () => {
    const userId = await newUser(db);
    expect(await readImportStatus(db, userId)).toEqual({
      status: 'none',
      progress: 0,
      stage: null,
      error: null,
      jobId: null,
    });
  });

  test('cancelling a running job ends it and tells the user', async () => {
    const userId = await newUser(db);
    const created = await requestImport(db, request(userId));
    if (created.outcome !== 'created') throw new Error('expected created');
    await markJobRunning(db, { jobId: created.job.id });
    const result = await cancelImportJob(db, created.job.id);
    expect(result?.cancelled).toBe(true);
    expect(result?.job).toMatchObject({ status: 'cancelled', errorCode: 'CANCELLED' });
    expect(await readImportStatus(db, userId)).toMatchObject({
      status: 'failed',
      error: CANCELLED_MESSAGE,
    });
  });

  test('cancelling a finished job changes nothing', async () => {
    const userId = await newUser(db);
    const created = await requestImport(db, request(userId));
    if (created.outcome !== 'created') throw new Error('expected created');
    await finishJob(db, { jobId: created.job.id, status: 'succeeded', exitCode: 0 });
    const result = await cancelImportJob(db, created.job.id);
    expect(result?.cancelled).toBe(false);
    expect((await getDispatchJob(db, created.job.id))?.status).toBe('succeeded');
  });

  test('cancelling an unknown job returns undefined', async () => {
    expect(await cancelImportJob(db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
