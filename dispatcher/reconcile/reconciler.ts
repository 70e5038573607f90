import { toAppError } from '../../core/errors.js';
import { launchDueJobs } from './launch-due-jobs.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { settleFinishedJobs } from './settle-finished-jobs.js';
import { watchLaunchedJobs } from './watch-launched-jobs.js';

export interface PassReport {
  requeued: number;
  deaths: number;
  launched: number;
}

/**
 * The reconciler's loop: every `intervalMs`, one pass of settle (retry or give up finished
 * attempts, freeing their slots), watch (record containers that died or hung) and launch (due
 * jobs up to the cap). Passes never overlap; `kick()` asks for one soon. Each step's failure
 * (the database or the platform unreachable) is logged and the loop carries on. Safe with
 * several replicas: every step works on rows it holds a lease on.
 */
export class Reconciler {
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  readonly #abort = new AbortController();

  constructor(
    private readonly deps: ReconcileDeps,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Run a pass as soon as the current one (if any) is done. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#pass) this.#again = true;
    else this.#schedule(0);
  }

  /** Launch this job now if the cap allows (the API, right after creating it). */
  launchNow(jobId: string): Promise<number> {
    return launchDueJobs(this.deps, { jobId, signal: this.#abort.signal });
  }

  /** One pass, outside the loop (tests, and the loop itself). */
  async runPass(): Promise<PassReport> {
    const signal = this.#abort.signal;
    return {
      requeued: await this.#step('settle', () => settleFinishedJobs(this.deps, signal)),
      deaths: await this.#step('watch', () => watchLaunchedJobs(this.deps, signal)),
      launched: await this.#step('launch', () => launchDueJobs(this.deps, { signal })),
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort.abort(new Error('the dispatcher is stopping'));
    await this.#pass;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#pass = this.runPass()
        .then(() => undefined)
        .finally(() => {
          this.#pass = undefined;
          if (this.#stopped) return;
          const again = this.#again;
          this.#again = false;
          this.#schedule(again ? 0 : this.intervalMs);
        });
    }, delayMs);
  }

  async #step(name: string, run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (thrown) {
      if (this.#stopped) return 0;
      const error = toAppError(thrown);
      this.deps.logger.error({
        msg: 'reconcile step failed',
        step: name,
        code: error.code,
        err: error.message,
      });
      return 0;
    }
  }
}
