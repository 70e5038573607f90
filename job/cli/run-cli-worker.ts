import { type MessagePort, workerData } from 'node:worker_threads';
import { RemoteSplitter } from '../export/split-service.js';
import { fdWriter, OutputClosedError } from './fd-writer.js';
import { runCli } from './run-cli.js';

/** What the main thread hands the command's worker (start-cli-worker.ts). */
export interface CliWorkerInput {
  argv: string[];
  columns: number | undefined;
  splitterPort: MessagePort;
}

/** Worker thread: runs the command and exits with its code. */
export async function runCliWorker(): Promise<never> {
  const { argv, columns, splitterPort } = workerData as CliWorkerInput;
  const io = { stdout: fdWriter(1), stderr: fdWriter(2, columns) };
  let code: number;
  try {
    code = await runCli(argv, io, { splitter: new RemoteSplitter(splitterPort) });
  } catch (error) {
    if (!(error instanceof OutputClosedError)) throw error;
    code = 0;
  }
  process.exit(code);
}
