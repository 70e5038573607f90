import { type Database, reportProgress, updateJobProgress } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type ImportStage, STAGE_TEXT, stagePercent } from './import-stages.js';

export interface ProgressTarget {
  db: Database;
  userId: string;
  importId: string;
  /** The import_jobs row (the same id as the import). */
  jobId: string;
  logger: Logger;
}

export interface ProgressOptions {
  /** Database writes at most this often (stage changes are written at once). */
  minIntervalMs?: number;
  /** Heartbeat on the job row this often, even when progress does not move. */
  heartbeatMs?: number;
  now?: () => number;
  /** Told about every change (for a progress bar); not throttled. */
  onChange?: (stage: ImportStage, percent: number, text: string) => void;
}

/**
 * Progress of one import: monotonic (never goes down, whatever the stages report), written to
 * user_profiles and import_jobs at most every 2 s and at every stage change, with a heartbeat
 * on the job row every 15 s. Each write is logged (`msg: "progress"`). When a write finds that
 * a newer import owns the user's status (or the job was cancelled), `superseded` turns true and
 * `check()` throws CANCELLED, so the pipeline stops without overwriting anything.
 */
export class ImportProgress {
  private percent = 0;
  private stage: ImportStage = 'fetch';
  private lastWrite = Number.NEGATIVE_INFINITY;
  private writes: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private superseded = false;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly target: ProgressTarget,
    private readonly options: ProgressOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  get current(): { stage: ImportStage; percent: number } {
    return { stage: this.stage, percent: this.percent };
  }

  startHeartbeat(): void {
    const every = this.options.heartbeatMs ?? 15_000;
    this.heartbeat = setInterval(() => this.write(), every);
    this.heartbeat.unref();
  }

  /** Enters `stage` (at the start of its band, or where progress already is) and writes now. */
  enter(stage: ImportStage): void {
    this.stage = stage;
    this.set(stagePercent(stage, 0), true);
  }

  /** `fraction` of the way through the current stage. */
  update(fraction: number): void {
    this.set(stagePercent(this.stage, fraction), false);
  }

  /** Sets the percentage directly (e.g. two overlapping stages); never lowers it. */
  set(percent: number, force: boolean): void {
    const next = Math.max(this.percent, Math.floor(percent));
    const moved = next !== this.percent;
    this.percent = next;
    this.options.onChange?.(this.stage, next, STAGE_TEXT[this.stage]);
    if (force || (moved && this.now() - this.lastWrite >= this.minIntervalMs)) this.write();
  }

  /** Throws CANCELLED once a write found the import superseded. */
  check(): void {
    if (this.superseded) {
      throw new AppError('CANCELLED', 'A newer import of this account started; this one stopped.', {
        kind: 'cancelled',
        retryable: false,
      });
    }
  }

  /** Waits for the writes in flight. */
  async flush(): Promise<void> {
    await this.writes;
  }

  /** Waits for the writes in flight and stops the heartbeat. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.writes;
  }

  private write(): void {
    this.lastWrite = this.now();
    const { db, userId, importId, jobId, logger } = this.target;
    const percent = this.percent;
    const stage = this.stage;
    const text = STAGE_TEXT[stage];
    logger.info({ msg: 'progress', stage, percent });
    this.writes = this.writes.then(async () => {
      try {
        const owns = await reportProgress(db, { userId, importId, percent, stage: text });
        const active = await updateJobProgress(db, { jobId, stage, progress: percent });
        if (!owns || !active) this.superseded = true;
      } catch (error) {
        // The next stage's database work surfaces a lasting failure; progress is best effort.
        logger.warn({ msg: 'progress write failed', stage, code: (error as AppError).code });
      }
    });
  }
}
