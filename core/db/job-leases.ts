import type { Database } from './database.js';
import { type DispatchJob, type DispatchJobRecord, toDispatchJob } from './dispatch-job.js';
import { ACTIVE_STATUSES, FINISHED_STATUSES } from './import-jobs.js';

/**
 * Row leases for the reconciler, safe with several dispatcher replicas: each claim takes rows
 * nobody holds (`for update skip locked`, lease free or expired) and stamps them with the
 * claimer's id and an expiry. A replica that dies mid-work loses its leases when they expire.
 * The job's own writes never look at the lease; `finishJob` clears it.
 */

export interface ClaimOptions {
  /** Who claims: unique per dispatcher process. */
  owner: string;
  leaseMs: number;
  limit: number;
}

/** Serialises launch claims across replicas, so the concurrency cap holds. */
const LAUNCH_LOCK_KEY = 7_294_310_001;

/**
 * Claims queued jobs that are due (and launches a crashed replica left half-done) while fewer
 * than `maxActive` jobs are launching or running; they become `launching` under the lease.
 * With `jobId`, only that job is considered (the API launches what it just created).
 */
export async function claimJobsToLaunch(
  db: Database,
  options: ClaimOptions & { maxActive: number; launcher: string; jobId?: string },
): Promise<DispatchJob[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [LAUNCH_LOCK_KEY]);
    const [counted] = await tx.query<{ active: number }>(
      `select count(*)::int as active from public.import_jobs
        where status in ('launching', 'running')`,
      [],
      { operation: 'count launched import jobs' },
    );
    const room = Math.min(options.limit, options.maxActive - (counted?.active ?? 0));
    if (room <= 0) return [];
    const rows = await tx.query<DispatchJobRecord>(
      `update public.import_jobs j
          set status = 'launching',
              launcher = $4::text,
              lease_owner = $1::text,
              lease_expires_at = now() + make_interval(secs => $2::double precision)
        where j.id in (
          select id from public.import_jobs
           where ($5::uuid is null or id = $5::uuid)
             and ((status = 'queued' and (next_attempt_at is null or next_attempt_at <= now()))
               or (status = 'launching' and external_id is null and lease_expires_at < now()))
           order by coalesce(next_attempt_at, created_at), created_at
           limit $3::int
           for update skip locked)
        returning *`,
      [options.owner, options.leaseMs / 1000, room, options.launcher, options.jobId ?? null],
      { operation: 'claim import jobs to launch' },
    );
    return rows.map(toDispatchJob);
  });
}

/**
 * The container of this attempt exists: its platform id, where its logs are, the memory it
 * asked for. Recorded whatever the job has written meanwhile (a fast job may already have
 * finished), but only for this attempt. Releases the launch lease.
 */
export async function recordLaunch(
  db: Database,
  launch: {
    jobId: string;
    attempt: number;
    owner: string;
    externalId: string;
    logRef: string | null;
    memoryMib: number | null;
  },
): Promise<boolean> {
  const rows = await db.query(
    `update public.import_jobs
        set external_id = $4::text,
            log_ref = $5::text,
            memory_mib = $6::int,
            launched_at = now(),
            lease_owner = null,
            lease_expires_at = null
      where id = $1::uuid and attempt = $2::int
        and (lease_owner = $3::text or lease_owner is null)
      returning 1`,
    [
      launch.jobId,
      launch.attempt,
      launch.owner,
      launch.externalId,
      launch.logRef,
      launch.memoryMib,
    ],
    { operation: 'record the job launch' },
  );
  return rows.length > 0;
}

/**
 * A launch failed. When it may work later and attempts remain, the job goes back to the queue
 * as its next attempt, due after `delayMs`; otherwise it fails with the error (the settle step
 * then tells the user). Returns the job's status afterwards, or undefined when the row moved on.
 */
export async function recordLaunchFailure(
  db: Database,
  failure: {
    jobId: string;
    attempt: number;
    owner: string;
    retryable: boolean;
    delayMs: number;
    errorCode: string;
    errorMessage: string;
  },
): Promise<'queued' | 'failed' | undefined> {
  const [row] = await db.query<{ status: 'queued' | 'failed' }>(
    `update public.import_jobs
        set status = case when $4::bool and attempt < max_attempts then 'queued' else 'failed' end,
            finished_at = case when $4::bool and attempt < max_attempts then null else now() end,
            attempt = case when $4::bool and attempt < max_attempts then attempt + 1 else attempt end,
            next_attempt_at = now() + make_interval(secs => $5::double precision),
            error_code = $6::text,
            error_message = left($7::text, 2000),
            lease_owner = null,
            lease_expires_at = null
      where id = $1::uuid and attempt = $2::int and status = 'launching'
        and lease_owner = $3::text
      returning status`,
    [
      failure.jobId,
      failure.attempt,
      failure.owner,
      failure.retryable,
      failure.delayMs / 1000,
      failure.errorCode,
      failure.errorMessage,
    ],
    { operation: 'record a failed launch' },
  );
  return row?.status;
}

/**
 * Claims launched, unfinished jobs to compare with their platform (one tick's worth). A running
 * job without a platform id (its dispatcher died between launching and recording) is claimed
 * too: its heartbeat is all there is to judge it by.
 */
export function claimJobsToWatch(db: Database, options: ClaimOptions): Promise<DispatchJob[]> {
  return claimJobs(db, options, {
    which: `status in ('launching', 'running') and (external_id is not null or status = 'running')`,
    orderBy: 'heartbeat_at nulls first',
    operation: 'claim import jobs to watch',
  });
}

/** Claims finished jobs the dispatcher has not handled yet (retry or give up). */
export function claimJobsToSettle(db: Database, options: ClaimOptions): Promise<DispatchJob[]> {
  return claimJobs(db, options, {
    which: `status in ${FINISHED_STATUSES} and settled_at is null`,
    orderBy: 'finished_at',
    operation: 'claim finished import jobs',
  });
}

/** Leases up to `limit` unleased jobs matching `which` (an SQL condition without parameters). */
async function claimJobs(
  db: Database,
  options: ClaimOptions,
  query: { which: string; orderBy: string; operation: string },
): Promise<DispatchJob[]> {
  const rows = await db.query<DispatchJobRecord>(
    `update public.import_jobs j
        set lease_owner = $1::text,
            lease_expires_at = now() + make_interval(secs => $2::double precision)
      where j.id in (
        select id from public.import_jobs
         where ${query.which}
           and (lease_expires_at is null or lease_expires_at < now())
         order by ${query.orderBy}
         limit $3::int
         for update skip locked)
      returning *`,
    [options.owner, options.leaseMs / 1000, options.limit],
    { operation: query.operation },
  );
  return rows.map(toDispatchJob);
}

/** Gives a lease back (nothing happens when someone else holds it now). */
export async function releaseLease(db: Database, jobId: string, owner: string): Promise<void> {
  await db.query(
    `update public.import_jobs set lease_owner = null, lease_expires_at = null
      where id = $1::uuid and lease_owner = $2::text`,
    [jobId, owner],
    { operation: 'release the job lease' },
  );
}

/** Jobs launching or running right now (for the ops view and tests). */
export async function countActiveJobs(db: Database): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `select count(*)::int as count from public.import_jobs where status in ${ACTIVE_STATUSES}`,
  );
  return row?.count ?? 0;
}
