import { beforeEach, expect, test } from 'vitest';
import { finishJob, markJobRunning } from '../../core/db/import-jobs.js';
import { getDispatchJob, requestImport } from '../../core/db/import-requests.js';
import {
  claimJobsToLaunch,
  claimJobsToSettle,
  claimJobsToWatch,
  recordLaunch,
  recordLaunchFailure,
  releaseLease,
} from '../../core/db/job-leases.js';
import { databaseForSuite, describeEachAdapter, newUser } from './database-fixtures.js';

const LEASE = { leaseMs: 60_000, limit: 10 };

describeEachAdapter('job leases through $name', (adapter) => {
  const db = databaseForSuite(adapter);
  // Claims look at every row: each test starts from a table without unfinished jobs.
  beforeEach(async () => {
    await db.query(
      `update public.import_jobs set status = 'cancelled', settled_at = now()
        where status in ('queued', 'launching', 'running') or settled_at is null`,
    );
  });

  async function queuedJob(maxAttempts = 3): Promise<string> {
    const userId = await newUser(db);
    const result = await requestImport(db, {
      userId,
      storagePath: `imports/${userId}/x.zip`,
      launcher: 'test',
      maxAttempts,
      rateLimit: { max: 100, windowSeconds: 3600 },
    });
    if (result.outcome !== 'created') throw new Error('expected a new job');
    return result.job.id;
  }

  test('a claim takes due queued jobs up to the concurrency cap', async () => {
    const ids = [await queuedJob(), await queuedJob(), await queuedJob()];
    const claimed = await claimJobsToLaunch(db, {
      owner: 'a',
      ...LEASE,
      maxActive: 2,
      launcher: 'test',
    });
    expect(claimed.map((j) => j.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(claimed[0]).toMatchObject({ status: 'launching', leaseOwner: 'a', launcher: 'test' });
    const more = await claimJobsToLaunch(db, { owner: 'b', ...LEASE, maxActive: 2, launcher: 'x' });
    expect(more).toEqual([]);
  });

  test('a claim for one job id takes only that job', async () => {
    await queuedJob();
    const wanted = await queuedJob();
    const claimed = await claimJobsToLaunch(db, {
      owner: 'a',
      ...LEASE,
      maxActive: 10,
      launcher: 'test',
      jobId: wanted,
    });
    expect(claimed.map((j) => j.id)).toEqual([wanted]);
  });

  test('a job is not launched before its next attempt is due', async () => {
    const id = await queuedJob();
    await db.query(
      `update public.import_jobs set next_attempt_at = now() + interval '1 minute' where id = $1::uuid`,
      [id],
    );
    expect(
      await claimJobsToLaunch(db, { owner: 'a', ...LEASE, maxActive: 5, launcher: 't' }),
    ).toEqual([]);
  });

  test('a launch left half-done by a dead replica is claimed again once its lease expires', async () => {
    const id = await queuedJob();
    await claimJobsToLaunch(db, {
      owner: 'dead',
      leaseMs: 1,
      limit: 1,
      maxActive: 5,
      launcher: 't',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await claimJobsToLaunch(db, {
      owner: 'b',
      ...LEASE,
      maxActive: 5,
      launcher: 't',
    });
    expect(again.map((j) => j.id)).toEqual([id]);
    expect(again[0]?.leaseOwner).toBe('b');
  });

  test('recording the launch stores the container and releases the lease', async () => {
    const id = await queuedJob();
    await claimJobsToLaunch(db, { owner: 'a', ...LEASE, maxActive: 5, launcher: 't' });
    expect(
      await recordLaunch(db, {
        jobId: id,
        attempt: 1,
        owner: 'a',
        externalId: 'task-1',
        logRef: 'file:/tmp/x.log',
        memoryMib: 4096,
      }),
    ).toBe(true);
    const job = await getDispatchJob(db, id);
    expect(job).toMatchObject({
      status: 'launching',
      externalId: 'task-1',
      logRef: 'file:/tmp/x.log',
      memoryMib: 4096,
      leaseOwner: null,
    });
    expect(job?.launchedAt).toBeInstanceOf(Date);
  });

  test('a retryable launch failure requeues the job as its next attempt, later', async () => {
    const id = await queuedJob();
    await claimJobsToLaunch(db, { owner: 'a', ...LEASE, maxActive: 5, launcher: 't' });
    const status = await recordLaunchFailure(db, {
      jobId: id,
      attempt: 1,
      owner: 'a',
      retryable: true,
      delayMs: 30_000,
      errorCode: 'LAUNCH_FAILED',
      errorMessage: 'capacity',
    });
    expect(status).toBe('queued');
    const job = await getDispatchJob(db, id);
    expect(job).toMatchObject({ status: 'queued', attempt: 2, errorCode: 'LAUNCH_FAILED' });
    expect(job!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);
  });

  test('a launch failure on the last attempt, or one that cannot work, fails the job', async () => {
    const last = await queuedJob(1);
    const rejected = await queuedJob(3);
    await claimJobsToLaunch(db, { owner: 'a', ...LEASE, maxActive: 5, launcher: 't' });
    const failure = {
      owner: 'a',
      attempt: 1,
      delayMs: 0,
      errorCode: 'LAUNCH_FAILED',
      errorMessage: 'no',
    };
    expect(await recordLaunchFailure(db, { ...failure, jobId: last, retryable: true })).toBe(
      'failed',
    );
    expect(await recordLaunchFailure(db, { ...failure, jobId: rejected, retryable: false })).toBe(
      'failed',
    );
    expect(await getDispatchJob(db, rejected)).toMatchObject({ status: 'failed', attempt: 1 });
  });

  test('watching takes launched unfinished jobs nobody holds', async () => {
    const launched = await queuedJob();
    await queuedJob(); // queued, never launched: not watched
    await claimJobsToLaunch(db, { owner: 'a', ...LEASE, maxActive: 1, launcher: 't' });
    await recordLaunch(db, {
      jobId: launched,
      attempt: 1,
      owner: 'a',
      externalId: 'pid:1',
      logRef: null,
      memoryMib: null,
    });
    await markJobRunning(db, { jobId: launched });
    const watched = await claimJobsToWatch(db, { owner: 'w', ...LEASE });
    expect(watched.map((j) => j.id)).toEqual([launched]);
    expect(await claimJobsToWatch(db, { owner: 'other', ...LEASE })).toEqual([]);
    await releaseLease(db, launched, 'w');
    expect((await claimJobsToWatch(db, { owner: 'other', ...LEASE })).map((j) => j.id)).toEqual([
      launched,
    ]);
  });

  test('settling takes finished jobs not handled yet', async () => {
    const id = await queuedJob();
    await finishJob(db, { jobId: id, status: 'failed', exitCode: 3 });
    const claimed = await claimJobsToSettle(db, { owner: 's', ...LEASE });
    expect(claimed.map((j) => j.id)).toEqual([id]);
    expect(claimed[0]).toMatchObject({ status: 'failed', exitCode: 3, leaseOwner: 's' });
    expect(await claimJobsToSettle(db, { owner: 't', ...LEASE })).toEqual([]);
  });
});
