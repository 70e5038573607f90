import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Thrown when a command is asked for `--help`: the CLI prints `usage` on stdout and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
  }
}

/**
 * `parseArgs` with strict checking; a wrong flag becomes a USAGE error that shows `usage`, and
 * `--help` or `-h` (before any `--`) asks for `usage` itself.
 */
export function parseCommandArgs<T extends Options>(args: string[], options: T, usage: string) {
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  if (flags.includes('--help') || flags.includes('-h')) throw new HelpRequested(usage);
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'invalid arguments';
    throw usageError(`${detail}\n${usage}`, error);
  }
}

export function usageError(message: string, cause?: unknown): AppError {
  return new AppError('USAGE', message, { kind: 'bad_input', cause });
}
