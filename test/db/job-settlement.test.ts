import { expect, test } from 'vitest';
import { finishJob, markJobRunning } from '../../core/db/import-jobs.js';
import { getDispatchJob, readImportStatus, requestImport } from '../../core/db/import-requests.js';
import { markImportFailed } from '../../core/db/import-status.js';
import { claimJobsToLaunch, claimJobsToSettle, recordLaunch } from '../../core/db/job-leases.js';
import {
  giveUpImport,
  recordContainerDeath,
  requeueJob,
  settleJob,
} from '../../core/db/job-settlement.js';
import { databaseForSuite, describeEachAdapter, newUser } from './database-fixtures.js';

describeEachAdapter('job settlement through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  /** A job of a fresh user, launched and running. */
  async function runningJob(): Promise<{ id: string; userId: string }> {
    const userId = await newUser(db);
    const result = await requestImport(db, {
      userId,
      storagePath: `imports/${userId}/x.zip`,
      launcher: 't',
      maxAttempts: 3,
      rateLimit: { max: 100, windowSeconds: 3600 },
    });
    if (result.outcome !== 'created') throw new Error('expected a new job');
    const id = result.job.id;
    await claimJobsToLaunch(db, {
      owner: 'o',
      leaseMs: 60_000,
      limit: 1,
      maxActive: 1000,
      launcher: 't',
      jobId: id,
    });
    await recordLaunch(db, {
      jobId: id,
      attempt: 1,
      owner: 'o',
      externalId: 'ext-1',
      logRef: 'file:/x.log',
      memoryMib: null,
    });
    await markJobRunning(db, { jobId: id });
    return { id, userId };
  }

  async function claimForSettling(id: string): Promise<void> {
    // Other suites' rows may be unsettled too: claim until ours is held.
    for (let i = 0; i < 20; i++) {
      const claimed = await claimJobsToSettle(db, { owner: 's', leaseMs: 60_000, limit: 100 });
      if (claimed.some((j) => j.id === id)) return;
      if (claimed.length === 0) break;
    }
    throw new Error(`job ${id} was not claimable for settling`);
  }

  test('a death is recorded with the platform reason when the job did not report', async () => {
    const { id } = await runningJob();
    const death = {
      jobId: id,
      attempt: 1,
      exitCode: 137,
      errorCode: 'CONTAINER_OOM',
      errorMessage: 'OutOfMemoryError: Container killed due to memory usage',
    };
    expect(await recordContainerDeath(db, death)).toBe(true);
    expect(await getDispatchJob(db, id)).toMatchObject({
      status: 'failed',
      exitCode: 137,
      errorCode: 'CONTAINER_OOM',
    });
  });

  test("a death never overwrites the job's own final status", async () => {
    const { id } = await runningJob();
    await finishJob(db, { jobId: id, status: 'succeeded', exitCode: 0 });
    const death = {
      jobId: id,
      attempt: 1,
      exitCode: 1,
      errorCode: 'CONTAINER_EXITED',
      errorMessage: 'x',
    };
    expect(await recordContainerDeath(db, death)).toBe(false);
    expect(await getDispatchJob(db, id)).toMatchObject({
      status: 'succeeded',
      exitCode: 0,
      errorCode: null,
    });
  });

  test('a requeue starts the next attempt on the same row and keeps the history', async () => {
    const { id, userId } = await runningJob();
    await finishJob(db, {
      jobId: id,
      status: 'failed',
      exitCode: 3,
      errorCode: 'LLM_UNAVAILABLE',
      errorMessage: 'down',
    });
    await markImportFailed(db, { userId, importId: id, message: 'failed for now' });
    await claimForSettling(id);
    const outcome = await requeueJob(db, {
      jobId: id,
      attempt: 1,
      owner: 's',
      delayMs: 30_000,
      memoryMib: 8192,
    });
    expect(outcome).toBe('requeued');
    const job = await getDispatchJob(db, id);
    expect(job).toMatchObject({
      status: 'queued',
      attempt: 2,
      memoryMib: 8192,
      externalId: null,
      exitCode: null,
      errorCode: null,
      finishedAt: null,
      settledAt: null,
      leaseOwner: null,
    });
    expect(job?.metrics.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        exit_code: 3,
        error_code: 'LLM_UNAVAILABLE',
        external_id: 'ext-1',
        log_ref: 'file:/x.log',
      }),
    ]);
    expect(await readImportStatus(db, userId)).toMatchObject({
      status: 'processing',
      error: null,
      jobId: id,
    });
  });

  test('a job that is no longer the current import is not requeued', async () => {
    const { id, userId } = await runningJob();
    await finishJob(db, { jobId: id, status: 'failed', exitCode: 3 });
    await db.query(
      'update public.user_profiles set current_import_id = gen_random_uuid() where user_id = $1::uuid',
      [userId],
    );
    await claimForSettling(id);
    const retry = { jobId: id, attempt: 1, owner: 's', delayMs: 0, memoryMib: null };
    expect(await requeueJob(db, retry)).toBe('stale');
  });

  test('a requeue is refused while the user has another active import', async () => {
    const { id, userId } = await runningJob();
    await finishJob(db, { jobId: id, status: 'failed', exitCode: 3 });
    await db.query(
      `insert into public.import_jobs (user_id, storage_path) values ($1::uuid, 'imports/x')`,
      [userId],
    );
    await claimForSettling(id);
    const retry = { jobId: id, attempt: 1, owner: 's', delayMs: 0, memoryMib: null };
    expect(await requeueJob(db, retry)).toBe('superseded');
    expect(await getDispatchJob(db, id)).toMatchObject({ status: 'failed', attempt: 1 });
  });

  test('giving up sets a user-safe message unless the job already gave its own', async () => {
    const first = await runningJob();
    expect(
      await giveUpImport(db, {
        userId: first.userId,
        importId: first.id,
        message: 'x'.repeat(600),
      }),
    ).toBe(true);
    const status = await readImportStatus(db, first.userId);
    expect(status.status).toBe('failed');
    expect(Array.from(status.error ?? '')).toHaveLength(500);

    const second = await runningJob();
    await markImportFailed(db, {
      userId: second.userId,
      importId: second.id,
      message: 'This is not a ChatGPT export.',
    });
    expect(
      await giveUpImport(db, { userId: second.userId, importId: second.id, message: 'generic' }),
    ).toBe(false);
    expect((await readImportStatus(db, second.userId)).error).toBe('This is not a ChatGPT export.');
  });

  test('settling marks the row handled once', async () => {
    const { id } = await runningJob();
    await finishJob(db, { jobId: id, status: 'succeeded', exitCode: 0 });
    await claimForSettling(id);
    expect(await settleJob(db, id, 's')).toBe(true);
    expect(await settleJob(db, id, 's')).toBe(false);
    expect((await getDispatchJob(db, id))?.settledAt).toBeInstanceOf(Date);
  });
});
