import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with strict checking; a wrong flag becomes a USAGE error that shows `usage`. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, usage: string) {
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
