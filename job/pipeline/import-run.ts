import { type Database, saveCheckpoint } from '../../core/db/index.js';
import { type Logger, memoryFields } from '../../core/log.js';
import type { ImportCheckpoint } from './import-checkpoint.js';
import type { ImportProgress } from './import-progress.js';

/**
 * What every stage of one import shares: the database, which import it is, its logger, the stop
 * signal, its progress, its checkpoint (saved to the job row as stages finish) and the time
 * each stage took.
 */
export class ImportRun {
  readonly stages: Record<string, number> = {};
  /** The stages that ended with an error (the quick pass overlaps the chunk stage). */
  readonly failedStages: string[] = [];

  constructor(
    readonly db: Database,
    readonly ref: { userId: string; importId: string },
    readonly log: Logger,
    readonly progress: ImportProgress,
    private current: ImportCheckpoint,
    readonly signal: AbortSignal | undefined,
  ) {}

  get jobId(): string {
    return this.ref.importId;
  }

  get checkpoint(): ImportCheckpoint {
    return this.current;
  }

  /** `{ signal }` when there is one, to spread into options. */
  get signalOption(): { signal?: AbortSignal } {
    return this.signal ? { signal: this.signal } : {};
  }

  async saveCheckpoint(update: Partial<ImportCheckpoint>): Promise<void> {
    this.current = { ...this.current, ...update };
    await saveCheckpoint(this.db, { jobId: this.jobId, checkpoint: this.current });
  }

  /** Runs a stage, logging its start, end, duration and memory, and recording its time. */
  async timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.log.info({ msg: 'stage started', stage });
    try {
      return await work();
    } catch (error) {
      this.failedStages.push(stage);
      throw error;
    } finally {
      this.stages[stage] = Math.round(performance.now() - started);
      this.log.info({ msg: 'stage finished', stage, ms: this.stages[stage], ...memoryFields() });
    }
  }
}
