import type { Database } from './database.js';
import { ACTIVE_STATUSES, isActiveJobConflict } from './import-jobs.js';
import { startImport, truncateForUser } from './import-status.js';

/**
 * What the dispatcher writes when an attempt ends: a death the job could not report, a retry
 * (the same row, next attempt), or giving up. The job's own final status always wins: every
 * write here is conditional on the row still being in the state the dispatcher saw.
 */

/**
 * The container stopped without the job recording an outcome: the row fails with the platform's
 * reason. Fills in only: returns false (and changes nothing) when the job finished the row
 * itself meanwhile, or the attempt moved on.
 */
export async function recordContainerDeath(
  db: Database,
  death: {
    jobId: string;
    attempt: number;
    exitCode: number | null;
    errorCode: string;
    errorMessage: string;
  },
): Promise<boolean> {
  const rows = await db.query(
    `update public.import_jobs
        set status = 'failed',
            finished_at = now(),
            exit_code = coalesce(exit_code, $3::int),
            error_code = coalesce(error_code, $4::text),
            error_message = coalesce(error_message, left($5::text, 2000)),
            lease_owner = null,
            lease_expires_at = null
      where id = $1::uuid and attempt = $2::int and status in ${ACTIVE_STATUSES}
      returning 1`,
    [death.jobId, death.attempt, death.exitCode, death.errorCode, death.errorMessage],
    { operation: 'record the death of a job container' },
  );
  return rows.length > 0;
}

export type RequeueOutcome =
  | 'requeued'
  /** The row is no longer this failed attempt (someone else handled it). */
  | 'stale'
  /** The user has moved on: another import is current or active. */
  | 'superseded';

/**
 * Turns a failed attempt into the next one on the same row: queued, due after `delayMs`, with
 * `memoryMib` (null: the platform default). The finished attempt is appended to
 * `metrics.attempts`; its outcome columns are cleared. Only while the job is still the user's
 * current import; the user's status goes back to processing (a resume keeps progress).
 */
export async function requeueJob(
  db: Database,
  retry: {
    jobId: string;
    attempt: number;
    owner: string;
    delayMs: number;
    memoryMib: number | null;
  },
): Promise<RequeueOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.query<{ user_id: string }>(
        `update public.import_jobs j
            set status = 'queued',
                attempt = attempt + 1,
                next_attempt_at = now() + make_interval(secs => $4::double precision),
                memory_mib = $5::int,
                metrics = metrics || jsonb_build_object('attempts',
                  coalesce(metrics -> 'attempts', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
                    'attempt', attempt, 'exit_code', exit_code, 'error_code', error_code,
                    'error_message', error_message, 'external_id', external_id,
                    'log_ref', log_ref, 'memory_mib', memory_mib, 'launched_at', launched_at,
                    'started_at', started_at, 'finished_at', finished_at))),
                external_id = null, log_ref = null, launched_at = null, started_at = null,
                finished_at = null, heartbeat_at = null, exit_code = null, error_code = null,
                error_message = null, settled_at = null,
                lease_owner = null, lease_expires_at = null
          where id = $1::uuid and attempt = $2::int and status = 'failed' and settled_at is null
            and lease_owner = $3::text
            and exists (select 1 from public.user_profiles p
                         where p.user_id = j.user_id and p.current_import_id = j.id)
          returning user_id`,
        [retry.jobId, retry.attempt, retry.owner, retry.delayMs / 1000, retry.memoryMib],
        { operation: 'requeue the import job' },
      );
      if (!row) return 'stale';
      await startImport(tx, { userId: row.user_id, importId: retry.jobId });
      return 'requeued';
    });
  } catch (error) {
    if (isActiveJobConflict(error)) return 'superseded';
    throw error;
  }
}

/** The dispatcher is done with this finished attempt; releases the lease. */
export async function settleJob(db: Database, jobId: string, owner: string): Promise<boolean> {
  const rows = await db.query(
    `update public.import_jobs
        set settled_at = now(), lease_owner = null, lease_expires_at = null
      where id = $1::uuid and settled_at is null and (lease_owner = $2::text or lease_owner is null)
      returning 1`,
    [jobId, owner],
    { operation: 'settle the import job' },
  );
  return rows.length > 0;
}

/**
 * No further attempt: the user's status becomes failed with a user-safe message (cut to 500
 * characters), unless the job already said why (its message is more precise) or another
 * import is current. Returns true when the status was changed.
 */
export async function giveUpImport(
  db: Database,
  update: { userId: string; importId: string; message: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles
        set import_status = 'failed', import_error = $3::text
      where user_id = $1::uuid and current_import_id = $2::uuid
        and import_status in ('processing', 'quick_ready')
      returning 1`,
    [update.userId, update.importId, truncateForUser(update.message)],
    { operation: 'mark the import failed' },
  );
  return rows.length > 0;
}
