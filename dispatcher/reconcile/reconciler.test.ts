import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  cancelImportJob,
  claimJobsToLaunch,
  type Database,
  finishJob,
  getDispatchJob,
  markImportFailed,
  markJobRunning,
  readImportStatus,
  requestImport,
} from '../../core/db/index.js';
import {
  describeEachAdapter,
  IN_PROCESS,
  newUser,
  OPEN_TIMEOUT_MS,
  type OpenedDatabase,
  THROUGH_POOLER,
} from '../../test/db/database-fixtures.js';
import { FakeLauncher } from '../../test/fakes/fake-launcher.js';
import { launchFailed } from '../launch/launch-error.js';
import type { MemoryLimits } from '../launch/launcher.js';
import type { ReconcileSettings } from './reconcile-deps.js';
import { Reconciler } from './reconciler.js';
import { USER_MESSAGES } from './user-messages.js';

const logger = pino({ level: 'silent' });
let opened: OpenedDatabase | undefined;
let db: Database;
// The cap and the claims look at every row: start each test without unfinished work.
beforeEach(async () => {
  await db.query(
    `update public.import_jobs set status = 'cancelled', settled_at = now(), lease_owner = null
      where status in ('queued', 'launching', 'running') or settled_at is null`,
  );
});

const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
beforeEach(() => {
  clock.offsetMs = 0;
});

function settings(overrides: Partial<ReconcileSettings> = {}): ReconcileSettings {
  return {
    owner: 'test-replica',
    maxActive: 10,
    launchBatch: 10,
    limits: { heartbeatTimeoutMs: 90_000, startTimeoutMs: 600_000, missingGraceMs: 60_000 },
    relaunch: { maxAttempts: 10, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 },
    ...overrides,
  };
}

function reconciler(launcher: FakeLauncher, overrides: Partial<ReconcileSettings> = {}) {
  return new Reconciler(
    { db, launcher, logger, settings: settings(overrides), now: clock.now },
    1000,
  );
}

async function submit(maxAttempts = 3): Promise<{ id: string; userId: string }> {
  const userId = await newUser(db);
  const result = await requestImport(db, {
    userId,
    storagePath: `imports/${userId}/export.zip`,
    launcher: 'fake',
    maxAttempts,
    rateLimit: { max: 100, windowSeconds: 3600 },
  });
  if (result.outcome !== 'created') throw new Error('expected a new job');
  return { id: result.job.id, userId };
}

/** A submitted job, launched by a first pass and reported running by the job itself. */
async function runningJob(launcher: FakeLauncher) {
  const r = reconciler(launcher);
  const job = await submit();
  await r.runPass();
  await markJobRunning(db, { jobId: job.id });
  return { r, job };
}

/** The platform's report of an exited container. */
function exited(
  exitCode: number,
  cause: 'exit' | 'oom' | 'interrupted' = 'exit',
  reason = null as string | null,
) {
  return { state: 'exited' as const, exitCode, cause, reason };
}

const ECS_MEMORY: MemoryLimits = { defaultMib: 4096, boostedMib: 8192 };

// On the embedded database, and on native Postgres through pgbouncer in transaction mode (how
// the dispatcher reaches Supabase's pooler): the claims and leases must hold there too.
describeEachAdapter(
  'the reconciler on $name',
  (adapter) => {
    beforeAll(async () => {
      opened = await adapter.open();
      db = opened.db;
    }, OPEN_TIMEOUT_MS);
    afterAll(async () => {
      await opened?.close();
      opened = undefined;
    });

    it('launches queued jobs up to the concurrency cap, and more as slots free', async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher, { maxActive: 2 });
      const jobs = [await submit(), await submit(), await submit()];
      expect(await r.runPass()).toMatchObject({ launched: 2 });
      expect(await r.runPass()).toMatchObject({ launched: 0 });
      const first = launcher.launches[0]!;
      await markJobRunning(db, { jobId: first.jobId });
      await finishJob(db, { jobId: first.jobId, status: 'succeeded', exitCode: 0 });
      launcher.setState(first.jobId, 1, exited(0));
      expect(await r.runPass()).toMatchObject({ launched: 1, requeued: 0, deaths: 0 });
      expect(launcher.launches.map((l) => l.jobId).sort()).toEqual(jobs.map((j) => j.id).sort());
      expect((await getDispatchJob(db, first.jobId))?.settledAt).toBeInstanceOf(Date);
    });

    it("leaves a job's own success alone", async () => {
      const launcher = new FakeLauncher();
      const { r, job } = await runningJob(launcher);
      await finishJob(db, { jobId: job.id, status: 'succeeded', exitCode: 0 });
      launcher.setState(job.id, 1, exited(1, 'exit', 'late'));
      expect(await r.runPass()).toEqual({ requeued: 0, deaths: 0, launched: 0 });
      expect(await getDispatchJob(db, job.id)).toMatchObject({
        status: 'succeeded',
        exitCode: 0,
        errorCode: null,
      });
    });

    it('retries an ECS OOM kill once with more memory, then gives up with a user-safe message', async () => {
      const launcher = new FakeLauncher('ecs', ECS_MEMORY);
      const { r, job } = await runningJob(launcher);
      const oom = exited(
        137,
        'oom',
        'EssentialContainerExited: OutOfMemoryError: Container killed due to memory usage',
      );
      launcher.setState(job.id, 1, oom);
      expect(await r.runPass()).toMatchObject({ deaths: 1 });
      const died = await getDispatchJob(db, job.id);
      expect(died).toMatchObject({ status: 'failed', exitCode: 137, errorCode: 'CONTAINER_OOM' });
      expect(died?.errorMessage).toContain('OutOfMemoryError');
      expect(await r.runPass()).toMatchObject({ requeued: 1, launched: 1 });
      expect(launcher.launches[1]).toEqual({ jobId: job.id, attempt: 2, memoryMib: 8192 });
      expect(await readImportStatus(db, job.userId)).toMatchObject({ status: 'processing' });

      launcher.setState(job.id, 2, oom);
      await r.runPass(); // records the death
      await r.runPass(); // gives up
      expect(await getDispatchJob(db, job.id)).toMatchObject({ status: 'failed', attempt: 2 });
      expect(await readImportStatus(db, job.userId)).toMatchObject({
        status: 'failed',
        error: USER_MESSAGES.oom,
      });
    });

    it('fails a local OOM kill at once: a local process cannot get more memory', async () => {
      const launcher = new FakeLauncher('local', undefined);
      const r = reconciler(launcher);
      const job = await submit();
      await r.runPass();
      launcher.setState(job.id, 1, exited(137, 'oom', 'killed by SIGKILL'));
      await r.runPass();
      await r.runPass();
      expect(launcher.launches).toHaveLength(1);
      expect(await readImportStatus(db, job.userId)).toMatchObject({
        status: 'failed',
        error: USER_MESSAGES.oom,
      });
    });

    it('relaunches after a spot interruption', async () => {
      const launcher = new FakeLauncher();
      const { r, job } = await runningJob(launcher);
      launcher.setState(
        job.id,
        1,
        exited(143, 'interrupted', 'SpotInterruption: Your Spot Task was interrupted.'),
      );
      await r.runPass();
      expect(await getDispatchJob(db, job.id)).toMatchObject({
        errorCode: 'CONTAINER_INTERRUPTED',
      });
      await r.runPass();
      expect(launcher.launches.map((l) => l.attempt)).toEqual([1, 2]);
      const retried = await getDispatchJob(db, job.id);
      expect(retried?.metrics.attempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          error_code: 'CONTAINER_INTERRUPTED',
          exit_code: 143,
        }),
      ]);
    });

    it('retries a dependency failure the job reported, up to the last attempt', async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher);
      const job = await submit(2);
      for (const attempt of [1, 2]) {
        await r.runPass();
        await markJobRunning(db, { jobId: job.id });
        await finishJob(db, {
          jobId: job.id,
          status: 'failed',
          exitCode: 3,
          errorCode: 'LLM_UNAVAILABLE',
          errorMessage: 'Anthropic answered 529 four times',
        });
        launcher.setState(job.id, attempt, exited(3));
      }
      await r.runPass();
      expect(launcher.launches.map((l) => l.attempt)).toEqual([1, 2]);
      expect(await getDispatchJob(db, job.id)).toMatchObject({
        status: 'failed',
        attempt: 2,
        exitCode: 3,
      });
      expect(await readImportStatus(db, job.userId)).toMatchObject({
        status: 'failed',
        error: USER_MESSAGES.dependency,
      });
    });

    it('waits for a failed attempt to exit before relaunching it', async () => {
      const launcher = new FakeLauncher();
      const { r, job } = await runningJob(launcher);
      launcher.setState(job.id, 1, { state: 'running' });
      await finishJob(db, { jobId: job.id, status: 'failed', exitCode: 3 });
      expect(await r.runPass()).toMatchObject({ requeued: 0, launched: 0 });
      launcher.setState(job.id, 1, exited(3));
      expect(await r.runPass()).toMatchObject({ requeued: 1, launched: 1 });
    });

    it("never retries bad input and keeps the job's own message", async () => {
      const launcher = new FakeLauncher();
      const { r, job } = await runningJob(launcher);
      const message = 'This is a Claude export, not a ChatGPT export.';
      await markImportFailed(db, { userId: job.userId, importId: job.id, message });
      await finishJob(db, {
        jobId: job.id,
        status: 'failed',
        exitCode: 2,
        errorCode: 'EXPORT_WRONG_FILE',
      });
      launcher.setState(job.id, 1, exited(2));
      await r.runPass();
      await r.runPass();
      expect(launcher.launches).toHaveLength(1);
      expect(await readImportStatus(db, job.userId)).toMatchObject({
        status: 'failed',
        error: message,
      });
    });

    it('stops a job whose heartbeat stopped, records why, and relaunches it', async () => {
      const launcher = new FakeLauncher();
      const { r, job } = await runningJob(launcher);
      launcher.setState(job.id, 1, { state: 'running' });
      clock.offsetMs = 91_000;
      expect(await r.runPass()).toMatchObject({ deaths: 1 });
      expect(launcher.stops).toEqual([
        {
          externalId: FakeLauncher.externalId(job.id, 1),
          reason: expect.stringContaining('No heartbeat'),
        },
      ]);
      expect(await getDispatchJob(db, job.id)).toMatchObject({
        status: 'failed',
        errorCode: 'HEARTBEAT_LOST',
      });
      await r.runPass();
      expect(launcher.launches.map((l) => l.attempt)).toEqual([1, 2]);
    });

    it('judges a running job whose launch was never recorded by its heartbeat', async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher);
      const job = await submit();
      // A replica claimed and launched it, then died before recording the container.
      await claimJobsToLaunch(db, {
        owner: 'dead-replica',
        leaseMs: 1,
        limit: 1,
        maxActive: 10,
        launcher: 'fake',
        jobId: job.id,
      });
      await markJobRunning(db, { jobId: job.id });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await r.runPass()).toMatchObject({ deaths: 0, launched: 0 });
      clock.offsetMs = 91_000;
      expect(await r.runPass()).toMatchObject({ deaths: 1 });
      expect(await getDispatchJob(db, job.id)).toMatchObject({ errorCode: 'HEARTBEAT_LOST' });
      expect(launcher.stops).toEqual([]);
    });

    it('stops and records a job that never started within the start timeout', async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher);
      const job = await submit();
      await r.runPass();
      clock.offsetMs = 601_000;
      await r.runPass();
      expect(await getDispatchJob(db, job.id)).toMatchObject({
        errorCode: 'CONTAINER_FAILED_TO_START',
      });
      expect(launcher.stops).toHaveLength(1);
    });

    it('records a container the platform lost, after the grace period', async () => {
      const launcher = new FakeLauncher();
      const { r, job } = await runningJob(launcher);
      launcher.forget(job.id, 1);
      expect(await r.runPass()).toMatchObject({ deaths: 0 }); // ECS may not list it yet
      clock.offsetMs = 61_000;
      expect(await r.runPass()).toMatchObject({ deaths: 1 });
      expect(await getDispatchJob(db, job.id)).toMatchObject({ errorCode: 'CONTAINER_LOST' });
    });

    it('requeues a launch that may work later, and fails one that cannot', async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher);
      const retryable = await submit();
      launcher.failNextLaunch(
        launchFailed('Capacity is unavailable at this time', { retryable: true }),
      );
      await r.runPass();
      expect(await getDispatchJob(db, retryable.id)).toMatchObject({
        status: 'queued',
        attempt: 2,
        errorCode: 'LAUNCH_FAILED',
      });
      await r.runPass();
      expect(launcher.launches).toEqual([{ jobId: retryable.id, attempt: 2, memoryMib: null }]);

      const broken = await submit();
      launcher.failNextLaunch(launchFailed('ClusterNotFoundException', { retryable: false }));
      await r.runPass();
      await r.runPass();
      expect(await getDispatchJob(db, broken.id)).toMatchObject({
        status: 'failed',
        errorCode: 'CONFIG_INVALID',
      });
      expect(await readImportStatus(db, broken.userId)).toMatchObject({
        status: 'failed',
        error: USER_MESSAGES.config,
      });
    });

    it("stops a cancelled job's container", async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher);
      const job = await submit();
      await r.runPass();
      launcher.setState(job.id, 1, { state: 'running' });
      await cancelImportJob(db, job.id);
      await r.runPass();
      expect(launcher.stops.map((s) => s.externalId)).toEqual([FakeLauncher.externalId(job.id, 1)]);
      expect((await getDispatchJob(db, job.id))?.settledAt).toBeInstanceOf(Date);
    });

    it('keeps going when the platform cannot be asked', async () => {
      const launcher = new FakeLauncher();
      const r = reconciler(launcher);
      const job = await submit();
      await r.runPass();
      launcher.inspectError = new Error('DescribeTasks throttled');
      expect(await r.runPass()).toMatchObject({ deaths: 0 });
      launcher.inspectError = undefined;
      launcher.setState(job.id, 1, exited(1));
      expect(await r.runPass()).toMatchObject({ deaths: 1 });
    });

    it('launches each job once when two replicas reconcile at the same time', async () => {
      const launcher = new FakeLauncher();
      const a = reconciler(launcher, { owner: 'replica-a', maxActive: 5 });
      const b = reconciler(launcher, { owner: 'replica-b', maxActive: 5 });
      for (let i = 0; i < 8; i++) await submit();
      await Promise.all([a.runPass(), b.runPass(), a.runPass(), b.runPass()]);
      const launched = launcher.launches.map((l) => l.jobId);
      expect(launched).toHaveLength(5);
      expect(new Set(launched).size).toBe(5);
    });
  },
  [IN_PROCESS, THROUGH_POOLER],
);
