import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  createJob,
  finishJob,
  getJob,
  isActiveJobConflict,
  markJobRunning,
  ONE_ACTIVE_JOB_INDEX,
  recordJobMetrics,
  saveCheckpoint,
  updateJobProgress,
} from '../../core/db/import-jobs.js';
import { databaseForSuite, describeEachAdapter, newUser } from './database-fixtures.js';

describeEachAdapter('import jobs through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  test('a new job is queued with defaults', async () => {
    const userId = await newUser(db);
    const id = randomUUID();
    const job = await createJob(db, { id, userId, storagePath: 'u/export.zip', launcher: 'local' });
    expect(job).toMatchObject({
      id,
      userId,
      storagePath: 'u/export.zip',
      status: 'queued',
      attempt: 1,
      maxAttempts: 3,
      launcher: 'local',
      progress: 0,
      metrics: {},
      checkpoint: null,
      finishedAt: null,
      createdAt: expect.any(Date),
    });
    expect(await getJob(db, id)).toEqual(job);
    expect(await getJob(db, randomUUID())).toBeUndefined();
  });

  test('the partial index refuses a second active job for the same user', async () => {
    const userId = await newUser(db);
    const first = await createJob(db, { userId, storagePath: 'u/a.zip' });
    const refusal = await createJob(db, { userId, storagePath: 'u/b.zip' }).catch((e) => e);
    expect(isActiveJobConflict(refusal)).toBe(true);
    expect(refusal).toMatchObject({
      code: 'DB_CONFLICT',
      constraint: ONE_ACTIVE_JOB_INDEX,
      retryable: false,
      operation: 'create the import job',
      database: db.describe,
    });

    // Another user is not affected, and once the first job ends a new one is accepted.
    await createJob(db, { userId: await newUser(db), storagePath: 'v/a.zip' });
    await markJobRunning(db, { jobId: first.id });
    expect(await createJob(db, { userId, storagePath: 'u/c.zip' }).catch((e) => e)).toSatisfy(
      isActiveJobConflict,
    );
    expect(await finishJob(db, { jobId: first.id, status: 'failed', exitCode: 3 })).toBe(true);
    await expect(createJob(db, { userId, storagePath: 'u/d.zip' })).resolves.toMatchObject({
      status: 'queued',
    });
  });

  test('a running job reports stage, monotonic progress and a heartbeat until it finishes', async () => {
    const userId = await newUser(db);
    const job = await createJob(db, { userId, storagePath: 'u/export.zip' });
    expect(await markJobRunning(db, { jobId: job.id, externalId: 'pid-4242' })).toBe(true);
    expect(await updateJobProgress(db, { jobId: job.id, stage: 'embed', progress: 55 })).toBe(true);
    expect(await updateJobProgress(db, { jobId: job.id, stage: 'chunk', progress: 41 })).toBe(true);
    const running = await getJob(db, job.id);
    expect(running).toMatchObject({
      status: 'running',
      externalId: 'pid-4242',
      stage: 'chunk',
      progress: 55,
      startedAt: expect.any(Date),
      heartbeatAt: expect.any(Date),
    });

    expect(
      await finishJob(db, {
        jobId: job.id,
        status: 'succeeded',
        exitCode: 0,
        metrics: { peak_rss_bytes: 123 },
      }),
    ).toBe(true);
    expect(await finishJob(db, { jobId: job.id, status: 'failed', errorCode: 'LATE' })).toBe(false);
    expect(await updateJobProgress(db, { jobId: job.id, stage: 'late', progress: 99 })).toBe(false);
    expect(await getJob(db, job.id)).toMatchObject({
      status: 'succeeded',
      exitCode: 0,
      errorCode: null,
      progress: 55,
      finishedAt: expect.any(Date),
      metrics: { peak_rss_bytes: 123 },
    });
  });

  test('metrics merge, checkpoints round-trip and a cancelled job stops accepting progress', async () => {
    const userId = await newUser(db);
    const job = await createJob(db, { userId, storagePath: 'u/export.zip' });
    await recordJobMetrics(db, { jobId: job.id, metrics: { bytes: 10, stages: { scan: 1.5 } } });
    await recordJobMetrics(db, { jobId: job.id, metrics: { chunks: 7, bytes: 12 } });
    const checkpoint = { stage: 'embed', afterId: 'abc:conv-1:medium:3', quickPassDone: true };
    await saveCheckpoint(db, { jobId: job.id, checkpoint });
    expect(await getJob(db, job.id)).toMatchObject({
      metrics: { bytes: 12, chunks: 7, stages: { scan: 1.5 } },
      checkpoint,
    });

    expect(
      await finishJob(db, {
        jobId: job.id,
        status: 'cancelled',
        errorCode: 'CANCELLED',
        errorMessage: 'x'.repeat(2500),
      }),
    ).toBe(true);
    expect(await updateJobProgress(db, { jobId: job.id, stage: 'embed', progress: 60 })).toBe(
      false,
    );
    expect((await getJob(db, job.id))?.errorMessage).toHaveLength(2000);
  });
});
