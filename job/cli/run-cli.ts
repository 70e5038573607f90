import { type AppError, exitCodeFor, toAppError } from '../../core/errors.js';
import { type JobConfig, loadJobConfig } from '../config.js';
import { type CliIo, writeLine } from './cli-io.js';
import { inspectCommand } from './inspect-command.js';
import { usageError } from './parse-command-args.js';

const USAGE = `Usage: node dist/job/main.js <command> [options]

Commands:
  inspect <file>   Read a ChatGPT export (.zip or .json) and report what it holds`;

type Command = (args: string[], io: CliIo, config: JobConfig) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  inspect: inspectCommand,
};

/**
 * Runs one CLI command and returns the process exit code (ARCHITECTURE.md): 0 done, 2 bad input,
 * 3 a dependency failed, 143 stopped. Errors are printed as their user-safe message, without a
 * stack; unexpected ones also print their cause when SOULPRINT_DEBUG is set.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  let debug = false;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      writeLine(io.stdout, USAGE);
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS[name];
    if (!command) throw usageError(`Unknown command "${name}".\n${USAGE}`);
    const config = loadJobConfig(io.env);
    debug = config.debug;
    return await command(args, io, config);
  } catch (thrown) {
    const error = toAppError(thrown);
    reportError(error, io, debug);
    return exitCodeFor(error);
  }
}

function reportError(error: AppError, io: CliIo, debug: boolean): void {
  writeLine(io.stderr, `error [${error.code}]: ${error.message}`);
  if (error.kind === 'internal' && debug && error.cause instanceof Error) {
    writeLine(io.stderr, error.cause.stack ?? String(error.cause));
  }
}
