import { totalmem } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { AppError, EXIT_CODES, exitCodeFor, toAppError } from '../../core/errors.js';
import { writeLine } from './cli-io.js';
import { fdWriter } from './fd-writer.js';
import type { CliWorkerInput } from './run-cli-worker.js';

/**
 * Every command runs in one worker thread whose V8 heap is sized explicitly. With the defaults
 * a process picks on a large machine, V8 lets the heap grow lazily with the amount of data
 * streamed through it (measured: 163 MB peak at 300 MB of JSON, 202 MB at 900 MB); with a
 * modest young generation and an old-generation ceiling it stays flat however the process is
 * started (`node dist/job/main.js`, npm scripts, a container). See `npm run bench:scan`.
 */

/**
 * Measured in one session, 32 MB vs 16 MB: `inspect` peak 164/177 MB vs 148/145 MB at ~300/~900
 * MB of JSON, the whole job 241/272 MB vs 233/234 MB, at the same speed (`npm run bench:scan`,
 * `npm run bench:job`).
 */
const YOUNG_GENERATION_MB = 16;
/** A container platform kills ~30 s after SIGTERM; the job promises to be gone within 20 s. */
const STOP_DEADLINE_MS = 18_000;
const MAX_OLD_GENERATION_MB = 1024;
const MIN_OLD_GENERATION_MB = 256;
/** The splitting thread holds one conversation at a time (at most the 64 MB limit, parsed). */
const SPLITTER_OLD_GENERATION_MB = 512;
/** Its garbage is short-lived (one conversation's parse); measured 16 → 8 MB: peak 159 → 152 MB. */
const SPLITTER_YOUNG_GENERATION_MB = 8;

/** Old-generation ceiling: up to 1 GB, less in a container with less memory than that. */
export function oldGenerationLimitMb(available = availableMemoryBytes()): number {
  const mb = Math.floor((available / 1024 ** 2) * 0.6);
  return Math.max(MIN_OLD_GENERATION_MB, Math.min(MAX_OLD_GENERATION_MB, mb));
}

function availableMemoryBytes(): number {
  const total = totalmem();
  // constrainedMemory() is the cgroup limit, or a huge number when there is none.
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 && constrained < total ? constrained : total;
}

/** Main thread: starts the command's worker and resolves with the process exit code. */
export function startCliWorker(entry: URL, argv: string[]): Promise<number> {
  const heapMb = oldGenerationLimitMb();
  // A second worker, with a heap of its own, finds conversation boundaries for the command's
  // reads and reads every other conversation (split-protocol.ts).
  const channel = new MessageChannel();
  const splitter = new Worker(new URL('../export/splitter-thread.js', import.meta.url), {
    workerData: { port: channel.port1 },
    transferList: [channel.port1],
    resourceLimits: {
      maxYoungGenerationSizeMb: SPLITTER_YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: Math.min(heapMb, SPLITTER_OLD_GENERATION_MB),
    },
    stdout: false,
    stderr: false,
  });
  splitter.unref();
  const input: CliWorkerInput = {
    argv,
    columns: process.stderr.columns,
    splitterPort: channel.port2,
  };
  const worker = new Worker(entry, {
    workerData: input,
    transferList: [channel.port2],
    resourceLimits: {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: heapMb,
    },
    stdout: false,
    stderr: false,
  });
  return new Promise((resolve) => {
    let failure: AppError | null = null;
    worker.on('error', (error) => {
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      failure = outOfMemory
        ? new AppError(
            'INTERNAL',
            `The command ran out of memory (its heap is limited to ${heapMb} MB).`,
            {
              kind: 'internal',
              cause: error,
            },
          )
        : toAppError(error);
    });
    // SIGTERM (a deploy, a spot interruption) or Ctrl-C: ask the command to stop at its next
    // checkpoint; if it has not exited within the deadline, stop it and exit 143 anyway.
    let deadline: NodeJS.Timeout | undefined;
    const stop = (signal: NodeJS.Signals) => {
      worker.postMessage({ type: 'stop', signal });
      deadline ??= setTimeout(() => {
        writeLine(
          fdWriter(2),
          'error [CANCELLED]: stopped without finishing its checkpoint in time.',
        );
        void worker.terminate().then(() => resolve(EXIT_CODES.cancelled));
      }, STOP_DEADLINE_MS);
      deadline.unref();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    worker.on('exit', (code) => {
      clearTimeout(deadline);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void splitter.terminate();
      if (!failure) return resolve(code);
      writeLine(fdWriter(2), `error [${failure.code}]: ${failure.message}`);
      resolve(exitCodeFor(failure));
    });
  });
}
