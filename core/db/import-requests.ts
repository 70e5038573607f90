import type { Database } from './database.js';
import { type DispatchJob, type DispatchJobRecord, toDispatchJob } from './dispatch-job.js';
import { ACTIVE_STATUSES, finishJob, isActiveJobConflict } from './import-jobs.js';
import { startImport } from './import-status.js';

/** What a request for a new import came to. */
export type ImportRequestOutcome =
  | { outcome: 'created'; job: DispatchJob }
  /** The user already has a queued, launching or running import: this one. */
  | { outcome: 'active'; jobId: string }
  /** Too many imports in the window; the next one is allowed after this many seconds. */
  | { outcome: 'rate_limited'; retryAfterSeconds: number };

export interface ImportRequest {
  userId: string;
  storagePath: string;
  launcher: string;
  maxAttempts: number;
  /** At most `max` imports per user in any `windowSeconds` (counted from import_jobs). */
  rateLimit: { max: number; windowSeconds: number };
}

/**
 * Records a new import in one transaction: the user's profile row is locked (so one user's
 * concurrent requests are decided one after the other), an active import wins (409), then the
 * rate limit (429), then the job is inserted as queued and the profile set to processing, 0 %,
 * with processing_started_at. The unique index on active jobs stays the last word.
 */
export async function requestImport(
  db: Database,
  request: ImportRequest,
): Promise<ImportRequestOutcome> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query(
        `insert into public.user_profiles (user_id) values ($1::uuid)
         on conflict (user_id) do nothing`,
        [request.userId],
        { operation: 'create the user profile' },
      );
      await tx.query('select 1 from public.user_profiles where user_id = $1::uuid for update', [
        request.userId,
      ]);
      const activeId = await activeJobId(tx, request.userId);
      if (activeId) return { outcome: 'active', jobId: activeId };
      const retryAfterSeconds = await rateLimitWait(tx, request);
      if (retryAfterSeconds !== undefined) return { outcome: 'rate_limited', retryAfterSeconds };
      const [row] = await tx.query<DispatchJobRecord>(
        `insert into public.import_jobs (user_id, storage_path, launcher, max_attempts)
         values ($1::uuid, $2::text, $3::text, $4::int)
         returning *`,
        [request.userId, request.storagePath, request.launcher, request.maxAttempts],
        { operation: 'create the import job' },
      );
      const job = toDispatchJob(row as DispatchJobRecord);
      await startImport(tx, { userId: request.userId, importId: job.id });
      return { outcome: 'created', job };
    });
  } catch (error) {
    if (!isActiveJobConflict(error)) throw error;
    const jobId = await activeJobId(db, request.userId);
    if (!jobId) throw error;
    return { outcome: 'active', jobId };
  }
}

/** The user's queued, launching or running job, if any. */
export async function activeJobId(db: Database, userId: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `select id from public.import_jobs where user_id = $1::uuid and status in ${ACTIVE_STATUSES}
     limit 1`,
    [userId],
    { operation: 'find the active import job' },
  );
  return row?.id;
}

/** Seconds until the user may start another import, or undefined when they may now. */
async function rateLimitWait(db: Database, request: ImportRequest): Promise<number | undefined> {
  const { max, windowSeconds } = request.rateLimit;
  // The max-th most recent import in the window: once it leaves the window, one slot frees.
  const [row] = await db.query<{ wait: number }>(
    `select greatest(1, ceil(extract(epoch from
              created_at + make_interval(secs => $2::double precision) - now())))::int as wait
       from public.import_jobs
      where user_id = $1::uuid
        and created_at > now() - make_interval(secs => $2::double precision)
      order by created_at desc
      offset $3::int limit 1`,
    [request.userId, windowSeconds, max - 1],
    { operation: 'count recent imports' },
  );
  return row?.wait;
}

export async function getDispatchJob(
  db: Database,
  jobId: string,
): Promise<DispatchJob | undefined> {
  const [row] = await db.query<DispatchJobRecord>(
    'select * from public.import_jobs where id = $1::uuid',
    [jobId],
    { operation: 'read the import job' },
  );
  return row && toDispatchJob(row);
}

/** What the app polls: the user's current import as user_profiles holds it. */
export interface ImportStatusView {
  status: 'none' | 'processing' | 'quick_ready' | 'complete' | 'failed';
  progress: number;
  stage: string | null;
  /** User-safe (import_error). */
  error: string | null;
  jobId: string | null;
}

export async function readImportStatus(db: Database, userId: string): Promise<ImportStatusView> {
  const [row] = await db.query<{
    import_status: ImportStatusView['status'];
    progress_percent: number;
    import_stage: string | null;
    import_error: string | null;
    current_import_id: string | null;
  }>(
    `select import_status, progress_percent, import_stage, import_error, current_import_id
       from public.user_profiles where user_id = $1::uuid`,
    [userId],
    { operation: 'read the import status' },
  );
  if (!row) return { status: 'none', progress: 0, stage: null, error: null, jobId: null };
  return {
    status: row.import_status,
    progress: row.progress_percent,
    stage: row.import_stage,
    error: row.import_error,
    jobId: row.current_import_id,
  };
}

export const CANCELLED_MESSAGE = 'The import was cancelled.';

/**
 * Cancels an unfinished job: status cancelled (the job's next progress write returns false and
 * it stops; the reconciler stops its container), and the user's status failed with a message
 * saying so when this is their current import. A finished job is returned unchanged.
 */
export async function cancelImportJob(
  db: Database,
  jobId: string,
): Promise<{ cancelled: boolean; job: DispatchJob } | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<DispatchJobRecord>(
      'select * from public.import_jobs where id = $1::uuid for update',
      [jobId],
      { operation: 'read the import job' },
    );
    if (!row) return undefined;
    const cancelled = await finishJob(tx, {
      jobId,
      status: 'cancelled',
      errorCode: 'CANCELLED',
      errorMessage: 'Cancelled through the dispatcher API.',
    });
    if (cancelled) {
      await tx.query(
        `update public.user_profiles
            set import_status = 'failed', import_error = $3::text
          where user_id = $1::uuid and current_import_id = $2::uuid
            and import_status in ('processing', 'quick_ready')`,
        [row.user_id, jobId, CANCELLED_MESSAGE],
        { operation: 'mark the import cancelled' },
      );
    }
    const job = await getDispatchJob(tx, jobId);
    return { cancelled, job: job as DispatchJob };
  });
}
