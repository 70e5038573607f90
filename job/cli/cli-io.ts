import type { Env } from '../../core/env.js';
import type { JobConfig } from '../config.js';
import type { RemoteSplitter } from '../export/split-service.js';

/** A text sink a command writes to: the terminal, a pipe, or a test's buffer. */
export interface TextOut {
  write(text: string): void;
  /** True when a person is watching (progress bars are drawn only then). */
  isTTY?: boolean;
  columns?: number;
}

/** Where a command writes; tests pass their own. */
export interface CliIo {
  stdout: TextOut;
  stderr: TextOut;
}

/** Helpers the CLI's threads provide to commands (cli/run-cli-worker.ts). */
export interface CommandServices {
  /** Finds conversation boundaries on the main thread while the command parses. */
  splitter?: RemoteSplitter;
  /** Aborts on SIGTERM/SIGINT: stop taking new work, checkpoint, exit 143. */
  signal?: AbortSignal;
}

/** What every command receives. */
export interface CommandContext extends CommandServices {
  io: CliIo;
  config: JobConfig;
  /** The environment, for the config modules of shared parts (e.g. the database). */
  env: Env;
}

export function writeLine(out: TextOut, line = ''): void {
  out.write(`${line}\n`);
}
