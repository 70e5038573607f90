import {
  cancelImportJob,
  type Database,
  type DispatchJob,
  ensureLocalUser,
  getDispatchJob,
  type ImportStatusView,
  readImportStatus,
  requestImport,
} from '../../core/db/index.js';
import { toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { clientError, ImportActiveError, notFound, RateLimitedError } from '../http/api-errors.js';
import type { Principal } from '../http/principal.js';
import { checkStoragePath } from './check-storage-path.js';

export interface ImportServiceSettings {
  launcherName: string;
  maxAttempts: number;
  rateLimit: { max: number; windowSeconds: number };
  /** The folder a user may import from; `{userId}` is replaced. */
  pathPrefix: string;
  /** Create the auth.users row first (embedded mode: there is no Supabase Auth). */
  createUsers: boolean;
}

export interface ImportServiceDeps {
  db: Database;
  /** Launches the job now when the cap allows (the reconciler's launch step for one job). */
  launchNow(jobId: string): Promise<unknown>;
  /** Asks the reconciler for a pass soon. */
  kick(): void;
}

export interface SubmitResult {
  jobId: string;
  status: DispatchJob['status'];
}

/** What the HTTP routes do, without HTTP. */
export class ImportService {
  constructor(
    private readonly deps: ImportServiceDeps,
    private readonly settings: ImportServiceSettings,
  ) {}

  /**
   * Checks the path, records the job (409 when one is active, 429 over the rate limit), then
   * tries to launch it at once; a launch that cannot happen now is left to the reconciler.
   */
  async submit(userId: string, storagePath: string, logger: Logger): Promise<SubmitResult> {
    checkStoragePath(storagePath, userId, this.settings.pathPrefix);
    const { db } = this.deps;
    if (this.settings.createUsers) await ensureLocalUser(db, userId);
    const result = await requestImport(db, {
      userId,
      storagePath,
      launcher: this.settings.launcherName,
      maxAttempts: this.settings.maxAttempts,
      rateLimit: this.settings.rateLimit,
    });
    if (result.outcome === 'active') throw new ImportActiveError(result.jobId);
    if (result.outcome === 'rate_limited') throw new RateLimitedError(result.retryAfterSeconds);
    const jobId = result.job.id;
    logger.info({ msg: 'import accepted', jobId, userId });
    try {
      await this.deps.launchNow(jobId);
    } catch (thrown) {
      const error = toAppError(thrown);
      logger.warn({
        msg: 'immediate launch failed; the reconciler retries',
        jobId,
        code: error.code,
      });
      this.deps.kick();
    }
    const job = await getDispatchJob(db, jobId);
    return { jobId, status: job?.status ?? 'queued' };
  }

  status(userId: string): Promise<ImportStatusView> {
    return readImportStatus(this.deps.db, userId);
  }

  /** The job, if the caller may see it (its owner, or the service); else 404. */
  async job(jobId: string, principal: Principal): Promise<DispatchJob> {
    const job = await getDispatchJob(this.deps.db, jobId);
    if (!job || (principal.kind === 'user' && job.userId !== principal.userId)) {
      throw notFound(`There is no import ${jobId}.`);
    }
    return job;
  }

  async cancel(jobId: string, principal: Principal, logger: Logger): Promise<SubmitResult> {
    await this.job(jobId, principal);
    const result = await cancelImportJob(this.deps.db, jobId);
    if (!result) throw notFound(`There is no import ${jobId}.`);
    if (!result.cancelled) {
      throw clientError('IMPORT_FINISHED', `This import has already ended (${result.job.status}).`);
    }
    logger.info({ msg: 'import cancelled', jobId });
    this.deps.kick();
    return { jobId, status: result.job.status };
  }
}
