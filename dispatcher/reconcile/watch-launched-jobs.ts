import { claimJobsToWatch, recordContainerDeath, releaseLease } from '../../core/db/index.js';
import { toAppError } from '../../core/errors.js';
import type { ContainerState } from '../launch/launcher.js';
import { judgeContainer } from './judge-container.js';
import { type ReconcileDeps, WATCH_LEASE_MS } from './reconcile-deps.js';

/** How many launched jobs one pass compares with their platform. */
const WATCH_BATCH = 200;

/**
 * Compares launched, unfinished jobs with their platform: a container that stopped without the
 * job recording an outcome gets the platform's reason recorded (the settle pass then retries
 * or gives up); a hung job (no heartbeat) or one that never started is recorded and stopped.
 * Returns how many deaths were recorded.
 */
export async function watchLaunchedJobs(
  deps: ReconcileDeps,
  signal?: AbortSignal,
): Promise<number> {
  const { db, launcher, logger, settings } = deps;
  const jobs = await claimJobsToWatch(db, {
    owner: settings.owner,
    leaseMs: WATCH_LEASE_MS,
    limit: WATCH_BATCH,
  });
  if (jobs.length === 0) return 0;
  let states: Map<string, ContainerState>;
  try {
    const ids = jobs.flatMap((job) => (job.externalId ? [job.externalId] : []));
    states = ids.length > 0 ? await launcher.inspect(ids, signal) : new Map();
  } catch (thrown) {
    const error = toAppError(thrown);
    logger.warn({ msg: 'could not inspect job containers', code: error.code, err: error.message });
    await Promise.all(jobs.map((job) => releaseLease(db, job.id, settings.owner)));
    return 0;
  }
  const now = deps.now?.() ?? Date.now();
  let deaths = 0;
  for (const job of jobs) {
    // Without a platform id (see claimJobsToWatch) only the heartbeat can tell.
    const container: ContainerState = job.externalId
      ? (states.get(job.externalId) ?? { state: 'missing', reason: 'not reported by the platform' })
      : { state: 'running' };
    const death = judgeContainer(job, container, now, settings.limits);
    if (!death) {
      await releaseLease(db, job.id, settings.owner);
      continue;
    }
    const recorded = await recordContainerDeath(db, {
      jobId: job.id,
      attempt: job.attempt,
      exitCode: death.exitCode,
      errorCode: death.errorCode,
      errorMessage: death.message,
    });
    const log = logger.child({ jobId: job.id, attempt: job.attempt, externalId: job.externalId });
    if (recorded) {
      deaths++;
      log.warn({
        msg: 'job container died',
        code: death.errorCode,
        exitCode: death.exitCode,
        reason: death.message,
      });
    }
    if (recorded && death.stopContainer && job.externalId) {
      await launcher.stop(job.externalId, death.message, signal).catch((thrown: unknown) => {
        log.warn({ msg: 'could not stop the job container', err: toAppError(thrown).message });
      });
    }
  }
  return deaths;
}
