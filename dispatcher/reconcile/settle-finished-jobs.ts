import {
  claimJobsToSettle,
  type DispatchJob,
  giveUpImport,
  releaseLease,
  requeueJob,
  settleJob,
} from '../../core/db/index.js';
import { toAppError } from '../../core/errors.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { WATCH_LEASE_MS } from './reconcile-deps.js';
import { decideRetry } from './retry-decision.js';

/** A failed job's container should be gone this long after the job recorded its failure. */
const EXIT_GRACE_MS = 120_000;

/**
 * Handles finished attempts once: a failure that can be retried becomes the next attempt (once
 * its container is gone); otherwise the user's status turns failed with a user-safe message
 * (unless the job gave its own). A cancelled job's container is stopped. Returns the number of
 * jobs requeued.
 */
export async function settleFinishedJobs(
  deps: ReconcileDeps,
  signal?: AbortSignal,
): Promise<number> {
  const { db, settings } = deps;
  const jobs = await claimJobsToSettle(db, {
    owner: settings.owner,
    leaseMs: WATCH_LEASE_MS,
    limit: 50,
  });
  let requeued = 0;
  for (const job of jobs) {
    try {
      if (await settleOne(deps, job, signal)) requeued++;
    } catch (thrown) {
      const error = toAppError(thrown);
      deps.logger.error({
        msg: 'could not settle the job',
        jobId: job.id,
        code: error.code,
        err: error.message,
      });
      await releaseLease(db, job.id, settings.owner).catch(() => {});
    }
  }
  return requeued;
}

async function settleOne(
  deps: ReconcileDeps,
  job: DispatchJob,
  signal?: AbortSignal,
): Promise<boolean> {
  const { db, launcher, logger, settings } = deps;
  const log = logger.child({ jobId: job.id, attempt: job.attempt });
  if (job.status === 'cancelled' && job.externalId) {
    await launcher.stop(job.externalId, 'import cancelled', signal).catch((thrown: unknown) => {
      log.warn({ msg: 'could not stop the cancelled job', err: toAppError(thrown).message });
    });
  }
  if (job.status !== 'failed') {
    await settleJob(db, job.id, settings.owner);
    return false;
  }
  const decision = decideRetry(job, launcher.memory, settings.relaunch);
  if (decision.retry) {
    if (job.externalId && (await stillRunning(deps, job, signal))) {
      await releaseLease(db, job.id, settings.owner);
      return false;
    }
    const outcome = await requeueJob(db, {
      jobId: job.id,
      attempt: job.attempt,
      owner: settings.owner,
      delayMs: decision.delayMs,
      memoryMib: decision.memoryMib,
    });
    if (outcome === 'requeued') {
      log.info({
        msg: 'job retry scheduled',
        kind: decision.kind,
        delayMs: decision.delayMs,
        memoryMib: decision.memoryMib,
        errorCode: job.errorCode,
        exitCode: job.exitCode,
      });
      return true;
    }
    log.info({ msg: 'job not retried', outcome });
    await settleJob(db, job.id, settings.owner);
    return false;
  }
  const changed = await giveUpImport(db, {
    userId: job.userId,
    importId: job.id,
    message: decision.userMessage,
  });
  await settleJob(db, job.id, settings.owner);
  log.warn({
    msg: 'import failed',
    kind: decision.kind,
    why: decision.why,
    errorCode: job.errorCode,
    exitCode: job.exitCode,
    statusChanged: changed,
  });
  return false;
}

/** True while the failed attempt's container still runs; stops it when it outstays the grace. */
async function stillRunning(
  deps: ReconcileDeps,
  job: DispatchJob,
  signal?: AbortSignal,
): Promise<boolean> {
  const id = job.externalId as string;
  const state = (await deps.launcher.inspect([id], signal)).get(id);
  if (state?.state !== 'running' && state?.state !== 'pending') return false;
  const now = deps.now?.() ?? Date.now();
  if (job.finishedAt && now - job.finishedAt.getTime() > EXIT_GRACE_MS) {
    await deps.launcher.stop(id, 'the job recorded its failure but did not exit', signal);
  }
  return true;
}
