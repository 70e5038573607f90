import { type Database, finishJob, markImportFailed } from '../../core/db/index.js';
import { type AppError, exitCodeFor } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';

export interface FailureContext {
  db: Database;
  jobId: string;
  userId: string;
  logger: Logger;
  /** False when a retry may still follow (the dispatcher retries upstream failures). */
  lastAttempt: boolean;
}

/**
 * Records why an import stopped. The job row always gets the exit code and the error (for the
 * dispatcher, which decides retries from them). The user's status turns `failed` with a
 * user-safe message only when nothing else will happen: bad input, a bug or a configuration
 * problem at once, a dependency failure on the last attempt, never a stop (SIGTERM), after
 * which a re-run resumes. Conversation text never reaches these messages.
 */
export async function recordImportFailure(error: AppError, ctx: FailureContext): Promise<number> {
  const exitCode = exitCodeFor(error);
  const final =
    error.kind === 'bad_input' ||
    error.kind === 'internal' ||
    error.kind === 'config' ||
    (error.kind === 'upstream' && ctx.lastAttempt);
  ctx.logger.error({ msg: 'import stopped', code: error.code, kind: error.kind, exitCode, final });
  const ref = { userId: ctx.userId, importId: ctx.jobId };
  try {
    if (final) await markImportFailed(ctx.db, { ...ref, message: userMessage(error) });
    await finishJob(ctx.db, {
      jobId: ctx.jobId,
      status: 'failed',
      exitCode,
      errorCode: error.code,
      errorMessage: error.message,
    });
  } catch (recordError) {
    // The database may be what failed; the exit code still tells the dispatcher.
    ctx.logger.error({ msg: 'could not record the failure', code: (recordError as AppError).code });
  }
  return exitCode;
}

/** What the person sees in the app. */
export function userMessage(error: AppError): string {
  switch (error.kind) {
    case 'bad_input':
      return error.message;
    case 'upstream':
      return 'We could not finish your import because a service it depends on is not responding. Please try again in a little while.';
    case 'config':
      return 'The import service is not set up correctly; we have been told. Please try again later.';
    default:
      return 'Something went wrong on our side while importing your conversations. Please try again.';
  }
}
