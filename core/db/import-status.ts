import type { Database } from './database.js';

/**
 * The status the app polls in user_profiles. Only the user's current import (the one that
 * called `startImport` last) may write it, so a writer from an older import never overwrites a
 * newer one's status: its writes match no row and return false, which tells it to stop.
 *
 * processing -> quick_ready -> complete (see complete-import.ts), or -> failed.
 */

export interface ImportRef {
  userId: string;
  importId: string;
}

/** What `startImport` did: a fresh start, a resume of the same import, or nothing to do. */
export type StartImportOutcome = 'started' | 'resumed' | 'already_complete';

/**
 * Makes `importId` the user's current import. A new import starts at processing, 0 %, with the
 * error cleared; the previous import's memory stays readable until this one completes. Calling
 * it again for the same import (a retry) resumes: progress is kept and quick_ready stays.
 */
export async function startImport(db: Database, ref: ImportRef): Promise<StartImportOutcome> {
  return db.transaction(async (tx) => {
    await tx.query(
      'insert into public.user_profiles (user_id) values ($1::uuid) on conflict (user_id) do nothing',
      [ref.userId],
      { operation: 'create the user profile' },
    );
    const [profile] = await tx.query<{ current: boolean; complete: boolean }>(
      `select current_import_id is not distinct from $2::uuid as current,
              import_status = 'complete' and active_import_id is not distinct from $2::uuid as complete
         from public.user_profiles where user_id = $1::uuid for update`,
      [ref.userId, ref.importId],
      { operation: 'read the import status' },
    );
    if (profile?.complete) return 'already_complete';
    if (profile?.current) {
      await tx.query(
        `update public.user_profiles
            set import_status = case when import_status = 'quick_ready' then 'quick_ready' else 'processing' end,
                import_error = null,
                processing_started_at = coalesce(processing_started_at, now())
          where user_id = $1::uuid`,
        [ref.userId],
        { operation: 'resume the import' },
      );
      return 'resumed';
    }
    await tx.query(
      `update public.user_profiles
          set import_status = 'processing',
              progress_percent = 0,
              import_stage = 'starting',
              import_error = null,
              processing_started_at = now(),
              completed_at = null,
              full_pass_status = 'pending',
              full_pass_error = null,
              current_import_id = $2::uuid
        where user_id = $1::uuid`,
      [ref.userId, ref.importId],
      { operation: 'start the import' },
    );
    return 'started';
  });
}

/**
 * Records progress. Never lowers `progress_percent` within an import; the stage moves only with
 * a percentage at least as high. Returns false when this import no longer owns the status.
 */
export async function reportProgress(
  db: Database,
  update: ImportRef & { percent: number; stage: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles
        set progress_percent = greatest(progress_percent, $3::int),
            import_stage = case when $3::int >= progress_percent then $4::text else import_stage end
      where user_id = $1::uuid
        and current_import_id = $2::uuid
        and import_status in ('processing', 'quick_ready')
      returning 1`,
    [update.userId, update.importId, clampPercent(update.percent), update.stage],
    { operation: 'report import progress' },
  );
  return rows.length > 0;
}

/** The quick profile is ready: the user can chat. Optionally raises progress (never lowers it). */
export async function markQuickReady(
  db: Database,
  update: ImportRef & { percent?: number; stage?: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles
        set import_status = 'quick_ready',
            progress_percent = greatest(progress_percent, $3::int),
            import_stage = coalesce($4::text, import_stage)
      where user_id = $1::uuid
        and current_import_id = $2::uuid
        and import_status in ('processing', 'quick_ready')
      returning 1`,
    [update.userId, update.importId, clampPercent(update.percent ?? 0), update.stage ?? null],
    { operation: 'mark the quick profile ready' },
  );
  return rows.length > 0;
}

/**
 * The import failed: status failed with a user-safe message, cut to 500 characters. The
 * previous import's memory is untouched (the switch only happens on completion).
 */
export async function markImportFailed(
  db: Database,
  update: ImportRef & { message: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles
        set import_status = 'failed',
            import_error = $3::text
      where user_id = $1::uuid
        and current_import_id = $2::uuid
        and import_status in ('processing', 'quick_ready', 'failed')
      returning 1`,
    [update.userId, update.importId, truncateForUser(update.message)],
    { operation: 'mark the import failed' },
  );
  return rows.length > 0;
}

export type FullPassStatus = 'pending' | 'processing' | 'complete' | 'failed';

/** Full-pass state; a failure keeps the quick profile and stores a user-safe message. */
export async function setFullPassStatus(
  db: Database,
  update: ImportRef & { status: FullPassStatus; error?: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles
        set full_pass_status = $3::text,
            full_pass_error = $4::text
      where user_id = $1::uuid and current_import_id = $2::uuid
      returning 1`,
    [
      update.userId,
      update.importId,
      update.status,
      update.error === undefined ? null : truncateForUser(update.error),
    ],
    { operation: 'record the full-pass status' },
  );
  return rows.length > 0;
}

/** The longest message `import_error` and `full_pass_error` hold. */
export const MAX_USER_ERROR_LENGTH = 500;

/**
 * Cuts a message to at most 500 characters (code points, as Postgres counts them), ending in
 * "…" when cut, without splitting a character.
 */
export function truncateForUser(message: string): string {
  const characters = Array.from(message.trim());
  if (characters.length <= MAX_USER_ERROR_LENGTH) return characters.join('');
  return `${characters.slice(0, MAX_USER_ERROR_LENGTH - 1).join('')}…`;
}

function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, Math.round(percent)));
}
