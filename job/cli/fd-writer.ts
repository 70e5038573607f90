import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { TextOut } from './cli-io.js';

/** Thrown when the reader of our output went away (`inspect --jsonl | head`). */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}

const EAGAIN_PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes straight to a file descriptor, synchronously, so output from the command's worker
 * thread reaches the terminal or pipe in order and completely before the process exits.
 * A full non-blocking pipe (EAGAIN) is waited out; a closed one (EPIPE) ends the output.
 */
export function fdWriter(fd: 1 | 2, columns?: number): TextOut {
  return {
    isTTY: isatty(fd),
    columns,
    write(text: string) {
      const bytes = Buffer.from(text);
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') Atomics.wait(EAGAIN_PAUSE, 0, 0, 1);
          else if (code === 'EPIPE') throw new OutputClosedError('output closed', { cause: error });
          else throw error;
        }
      }
    },
  };
}
