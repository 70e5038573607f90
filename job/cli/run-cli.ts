import type { Env } from '../../core/env.js';
import { type AppError, type ErrorCode, exitCodeFor, toAppError } from '../../core/errors.js';
import { loadJobConfig } from '../config.js';
import { type CliIo, type CommandContext, type CommandServices, writeLine } from './cli-io.js';
import { OutputClosedError } from './fd-writer.js';
import { HelpRequested, usageError } from './parse-command-args.js';

const USAGE = `Usage: node dist/job/main.js <command> [options]

Commands:
  import <file>    Import a ChatGPT export for a user (the embedded database unless DATABASE_URL is set)
  run              Container mode: run the import job JOB_ID (or --job-id) end to end
  inspect <file>   Read a ChatGPT export (.zip or .json) and report what it holds
  search <query>   Find the imported conversation chunks nearest to a query
  migrate          Apply the database migrations (DATABASE_URL, or the embedded database)
  search-indexes   Build the search index of every large active import; drop unused ones (DATABASE_URL)`;

type Command = (args: string[], ctx: CommandContext) => Promise<number>;

/**
 * Each command's module loads only when that command runs: `inspect` and `--help` need none of
 * the database, LLM and cloud SDKs that `import` pulls in (~320 ms of start-up).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./import-command.js')).importCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  inspect: async () => (await import('./inspect-command.js')).inspectCommand,
  migrate: async () => (await import('./migrate-command.js')).migrateCommand,
  search: async () => (await import('./search-command.js')).searchCommand,
  'search-indexes': async () => (await import('./search-indexes-command.js')).searchIndexesCommand,
};

/**
 * Runs one CLI command and returns the process exit code (ARCHITECTURE.md): 0 done, 2 bad input,
 * 3 a dependency failed, 143 stopped. Errors are printed as their user-safe message, without a
 * stack; unexpected ones also print their cause when SOULPRINT_DEBUG is set.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  services: CommandServices = {},
  env: Env = process.env,
): Promise<number> {
  const [name, ...args] = argv;
  let debug = false;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      writeLine(io.stdout, USAGE);
      return name === undefined ? 2 : 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw usageError(`Unknown command "${name}".\n${USAGE}`);
    const command = await load();
    const config = loadJobConfig(env);
    debug = config.debug;
    return await command(args, { io, config, env, ...services });
  } catch (thrown) {
    if (thrown instanceof OutputClosedError) throw thrown;
    if (thrown instanceof HelpRequested) {
      writeLine(io.stdout, thrown.usage);
      return 0;
    }
    const error = toAppError(thrown);
    reportError(error, io, debug);
    return exitCodeFor(error);
  }
}

/**
 * What a person at the command line can do about an error that the app's users cannot: the
 * messages themselves never name CLI flags, because the app shows them to its users too.
 */
const CLI_HINTS: Partial<Record<ErrorCode, string>> = {
  EXPORT_ALL_EXCLUDED: 'Here, --include-do-not-remember imports them anyway.',
};

function reportError(error: AppError, io: CliIo, debug: boolean): void {
  const hint = CLI_HINTS[error.code];
  writeLine(io.stderr, `error [${error.code}]: ${error.message}${hint ? ` ${hint}` : ''}`);
  if (error.kind === 'internal' && debug && error.cause instanceof Error) {
    writeLine(io.stderr, error.cause.stack ?? String(error.cause));
  }
}
