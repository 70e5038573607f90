#!/usr/bin/env node
import { isMainThread } from 'node:worker_threads';

/**
 * The job's command line: `node dist/job/main.js <command> [options]`. The main thread only
 * starts the command in a heap-limited worker thread (cli/start-cli-worker.ts); each thread
 * loads only what it runs.
 */
if (isMainThread) {
  const { startCliWorker } = await import('./cli/start-cli-worker.js');
  process.exitCode = await startCliWorker(new URL(import.meta.url), process.argv.slice(2));
} else {
  const { runCliWorker } = await import('./cli/run-cli-worker.js');
  await runCliWorker();
}
