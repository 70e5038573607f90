import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
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
  const stopping = new AbortController();
  parentPort?.on('message', (message: { type?: string; signal?: string }) => {
    if (message.type === 'stop')
      stopping.abort(new Error(`received ${message.signal ?? 'a stop request'}`));
  });
  parentPort?.unref();
  let code: number;
  try {
    code = await runCli(argv, io, {
      splitter: new RemoteSplitter(splitterPort),
      signal: stopping.signal,
    });
  } catch (error) {
    if (!(error instanceof OutputClosedError)) throw error;
    code = 0;
  }
  process.exit(code);
}
