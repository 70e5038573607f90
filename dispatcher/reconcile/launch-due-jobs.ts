import {
  claimJobsToLaunch,
  type DispatchJob,
  recordLaunch,
  recordLaunchFailure,
} from '../../core/db/index.js';
import { toAppError } from '../../core/errors.js';
import { retryDelayMs } from '../../core/retry.js';
import { LAUNCH_LEASE_MS, type ReconcileDeps } from './reconcile-deps.js';

/**
 * Launches due queued jobs while the global cap allows (with `jobId`: only that job, which the
 * API does right after creating it). Returns how many were launched.
 */
export async function launchDueJobs(
  deps: ReconcileDeps,
  options: { jobId?: string; signal?: AbortSignal } = {},
): Promise<number> {
  const { db, launcher, settings } = deps;
  const jobs = await claimJobsToLaunch(db, {
    owner: settings.owner,
    leaseMs: LAUNCH_LEASE_MS,
    limit: settings.launchBatch,
    maxActive: settings.maxActive,
    launcher: launcher.name,
    ...(options.jobId ? { jobId: options.jobId } : {}),
  });
  let launched = 0;
  for (const job of jobs) {
    if (await launchOne(deps, job, options.signal)) launched++;
  }
  return launched;
}

async function launchOne(
  deps: ReconcileDeps,
  job: DispatchJob,
  signal?: AbortSignal,
): Promise<boolean> {
  const { db, launcher, logger, settings } = deps;
  const log = logger.child({ jobId: job.id, attempt: job.attempt, launcher: launcher.name });
  const spec = { jobId: job.id, attempt: job.attempt, memoryMib: job.memoryMib };
  try {
    const launched = await launcher.launch(spec, signal);
    await recordLaunch(db, {
      jobId: job.id,
      attempt: job.attempt,
      owner: settings.owner,
      externalId: launched.externalId,
      logRef: launched.logRef,
      memoryMib: job.memoryMib,
    });
    log.info({ msg: 'job launched', externalId: launched.externalId, memoryMib: job.memoryMib });
    return true;
  } catch (thrown) {
    const error = toAppError(thrown);
    const status = await recordLaunchFailure(db, {
      jobId: job.id,
      attempt: job.attempt,
      owner: settings.owner,
      retryable: error.retryable,
      delayMs: error.retryAfterMs ?? retryDelayMs(job.attempt, settings.relaunch),
      errorCode: error.retryable ? 'LAUNCH_FAILED' : 'CONFIG_INVALID',
      errorMessage: error.message,
    });
    log.warn({
      msg: 'launch failed',
      code: error.code,
      retryable: error.retryable,
      status,
      err: error.message,
    });
    return false;
  }
}
