import { getJob } from '../../core/db/index.js';
import { AppError, toAppError } from '../../core/errors.js';
import { fetchUpload } from '../fetch/fetch-upload.js';
import { loadStorageConfig } from '../fetch/storage-config.js';
import { recordImportFailure } from '../pipeline/record-import-failure.js';
import { runImport } from '../pipeline/run-import.js';
import type { CommandContext } from './cli-io.js';
import { openImportServices, pipelineServices } from './import-services.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';

export const RUN_USAGE = 'Usage: run [--job-id <uuid>]   (or JOB_ID in the environment)';

/**
 * `run`: container mode, one import_jobs row. The job id comes from the flag or JOB_ID; the
 * user and the storage path come from the row (a launcher passes nothing else). Fetches the
 * upload, runs the pipeline against DATABASE_URL, logs JSON lines on stdout, and exits 0, 2
 * (bad input), 3 (a dependency failed) or 143 (stopped; a re-run resumes).
 */
export async function runCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { config, env } = ctx;
  const { values, positionals } = parseCommandArgs(
    args,
    { 'job-id': { type: 'string' } },
    RUN_USAGE,
  );
  if (positionals.length > 0) throw usageError(RUN_USAGE);
  const jobId = values['job-id'] ?? config.jobId;
  if (!jobId) throw usageError(`No job id: pass --job-id or set JOB_ID.\n${RUN_USAGE}`);
  const storage = loadStorageConfig(env);
  const services = await openImportServices(env, { logLevel: 'info', logFd: 1 });
  const { db, logger } = services;
  try {
    const job = await getJob(db, jobId);
    if (!job) {
      throw new AppError('USAGE', `There is no import job ${jobId}.`, { kind: 'bad_input' });
    }
    logger.info({ msg: 'job started', jobId, userId: job.userId, attempt: job.attempt });
    try {
      await runImport(
        {
          jobId,
          userId: job.userId,
          source: {
            fetch: (onProgress) =>
              fetchUpload(storage, job.storagePath, {
                ...(ctx.signal ? { signal: ctx.signal } : {}),
                onProgress: (bytes, total) => onProgress(total ? bytes / total : 0),
              }),
          },
        },
        pipelineServices(services, ctx),
      );
      return 0;
    } catch (thrown) {
      const error = toAppError(thrown);
      await recordImportFailure(error, {
        db,
        jobId,
        userId: job.userId,
        logger,
        lastAttempt: job.attempt >= job.maxAttempts,
      });
      throw error;
    }
  } finally {
    await db.close();
  }
}
