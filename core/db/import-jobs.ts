import type { Database } from './database.js';
import { DatabaseError } from './database-error.js';

export type JobStatus = 'queued' | 'launching' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The unique partial index allowing one queued/launching/running job per user. */
export const ONE_ACTIVE_JOB_INDEX = 'import_jobs_one_active_per_user';

export interface Job {
  id: string;
  userId: string;
  storagePath: string;
  status: JobStatus;
  attempt: number;
  maxAttempts: number;
  launcher: string | null;
  externalId: string | null;
  stage: string | null;
  progress: number;
  heartbeatAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  exitCode: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  metrics: Record<string, unknown>;
  logRef: string | null;
  checkpoint: unknown;
  nextAttemptAt: Date | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
}

/** True when `error` is the refusal of a second active job for the same user (answer 409). */
export function isActiveJobConflict(error: unknown): boolean {
  return (
    error instanceof DatabaseError &&
    error.code === 'DB_CONFLICT' &&
    error.constraint === ONE_ACTIVE_JOB_INDEX
  );
}

/**
 * Inserts a queued job. While the user has another active job this throws DB_CONFLICT with
 * `constraint` = ONE_ACTIVE_JOB_INDEX (see `isActiveJobConflict`).
 */
export async function createJob(
  db: Database,
  job: {
    userId: string;
    storagePath: string;
    id?: string;
    launcher?: string;
    maxAttempts?: number;
  },
): Promise<Job> {
  const [row] = await db.query<JobRecord>(
    `insert into public.import_jobs (id, user_id, storage_path, launcher, max_attempts)
     values (coalesce($1::uuid, gen_random_uuid()), $2::uuid, $3::text, $4::text, coalesce($5::int, 3))
     returning *`,
    [job.id ?? null, job.userId, job.storagePath, job.launcher ?? null, job.maxAttempts ?? null],
    { operation: 'create the import job' },
  );
  return toJob(row as JobRecord);
}

export async function getJob(db: Database, jobId: string): Promise<Job | undefined> {
  const [row] = await db.query<JobRecord>(
    'select * from public.import_jobs where id = $1::uuid',
    [jobId],
    {
      operation: 'read the import job',
    },
  );
  return row && toJob(row);
}

/** The statuses of a job that is not finished; at most one per user (the unique index). */
export const ACTIVE_STATUSES = `('queued', 'launching', 'running')`;
export const FINISHED_STATUSES = `('succeeded', 'failed', 'cancelled')`;

/** The job process has started: status running, start time and first heartbeat. */
export async function markJobRunning(
  db: Database,
  update: { jobId: string; externalId?: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.import_jobs
        set status = 'running',
            started_at = coalesce(started_at, now()),
            heartbeat_at = now(),
            external_id = coalesce($2::text, external_id)
      where id = $1::uuid and status in ${ACTIVE_STATUSES}
      returning 1`,
    [update.jobId, update.externalId ?? null],
    { operation: 'mark the import job running' },
  );
  return rows.length > 0;
}

/**
 * Stage, progress (never lowered) and a heartbeat. Returns false once the job is finished or
 * cancelled, which tells the process to stop.
 */
export async function updateJobProgress(
  db: Database,
  update: { jobId: string; stage: string; progress: number },
): Promise<boolean> {
  const rows = await db.query(
    `update public.import_jobs
        set stage = $2::text,
            progress = greatest(progress, $3::int),
            heartbeat_at = now()
      where id = $1::uuid and status in ${ACTIVE_STATUSES}
      returning 1`,
    [update.jobId, update.stage, Math.min(100, Math.max(0, Math.round(update.progress)))],
    { operation: 'update the import job progress' },
  );
  return rows.length > 0;
}

/** Merges `metrics` into the job's metrics (top-level keys replace). */
export async function recordJobMetrics(
  db: Database,
  update: { jobId: string; metrics: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `update public.import_jobs set metrics = metrics || $2::text::jsonb where id = $1::uuid`,
    [update.jobId, JSON.stringify(update.metrics)],
    { operation: 'record the import job metrics' },
  );
}

/** Stores the resume state a retry of this job starts from. */
export async function saveCheckpoint(
  db: Database,
  update: { jobId: string; checkpoint: unknown },
): Promise<void> {
  await db.query(
    `update public.import_jobs set checkpoint = $2::text::jsonb where id = $1::uuid`,
    [update.jobId, JSON.stringify(update.checkpoint)],
    { operation: 'save the import job checkpoint' },
  );
}

/**
 * Ends the job once: later calls (or a cancelled job) return false. The error message is cut to
 * 2000 characters.
 */
export async function finishJob(
  db: Database,
  update: {
    jobId: string;
    status: 'succeeded' | 'failed' | 'cancelled';
    exitCode?: number;
    errorCode?: string;
    errorMessage?: string;
    metrics?: Record<string, unknown>;
  },
): Promise<boolean> {
  const rows = await db.query(
    `update public.import_jobs
        set status = $2::text,
            finished_at = now(),
            exit_code = $3::int,
            error_code = $4::text,
            error_message = $5::text,
            metrics = metrics || coalesce($6::text::jsonb, '{}'::jsonb),
            lease_owner = null,
            lease_expires_at = null
      where id = $1::uuid and status in ${ACTIVE_STATUSES}
      returning 1`,
    [
      update.jobId,
      update.status,
      update.exitCode ?? null,
      update.errorCode ?? null,
      update.errorMessage === undefined
        ? null
        : Array.from(update.errorMessage).slice(0, 2000).join(''),
      update.metrics === undefined ? null : JSON.stringify(update.metrics),
    ],
    { operation: 'finish the import job' },
  );
  return rows.length > 0;
}

/** An import_jobs row as the driver returns it. */
export interface JobRecord {
  id: string;
  user_id: string;
  storage_path: string;
  status: JobStatus;
  attempt: number;
  max_attempts: number;
  launcher: string | null;
  external_id: string | null;
  stage: string | null;
  progress: number;
  heartbeat_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  exit_code: number | null;
  error_code: string | null;
  error_message: string | null;
  metrics: Record<string, unknown>;
  log_ref: string | null;
  checkpoint: unknown;
  next_attempt_at: Date | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
}

export function toJob(row: JobRecord): Job {
  return {
    id: row.id,
    userId: row.user_id,
    storagePath: row.storage_path,
    status: row.status,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    launcher: row.launcher,
    externalId: row.external_id,
    stage: row.stage,
    progress: row.progress,
    heartbeatAt: row.heartbeat_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    metrics: row.metrics,
    logRef: row.log_ref,
    checkpoint: row.checkpoint,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
  };
}
