import { randomUUID } from 'node:crypto';
import { createJob, ensureLocalUser, userExists } from '../../core/db/index.js';
import { toAppError } from '../../core/errors.js';
import { LOCAL_USER_ID } from '../local-user.js';
import { recordImportFailure } from '../pipeline/record-import-failure.js';
import { runImport } from '../pipeline/run-import.js';
import { type CommandContext, writeLine } from './cli-io.js';
import { formatImportSummary } from './format-import-summary.js';
import { openImportServices, pipelineServices } from './import-services.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';
import { ProgressBar } from './progress-bar.js';

export const IMPORT_USAGE =
  'Usage: import <export.zip|conversations.json> [--user <uuid>] [--data-dir <dir>] [--json] [--include-do-not-remember]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `import <file>`: a person's local run. Imports the export into the embedded database (or
 * DATABASE_URL when set) for `--user` (default: the fixed local user), with the offline profile
 * and the lexical embedder unless an LLM or embedding provider is configured. Progress bars on
 * stderr when it is a terminal; a summary on stdout (`--json`: one object).
 */
export async function importCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { io, env } = ctx;
  const { values, positionals } = parseCommandArgs(
    args,
    {
      user: { type: 'string', default: LOCAL_USER_ID },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      'include-do-not-remember': { type: 'boolean', default: false },
    },
    IMPORT_USAGE,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError(IMPORT_USAGE);
  if (!UUID.test(values.user)) throw usageError(`--user must be a UUID.\n${IMPORT_USAGE}`);
  const dataDir = values['data-dir'];
  const services = await openImportServices(env, {
    ...(dataDir === undefined ? {} : { dataDir }),
    logLevel: 'warn',
    logFd: 2,
  });
  const { db, logger } = services;
  const jobId = randomUUID();
  const userId = values.user;
  const bar = new ProgressBar(io.stderr, 'Importing');
  try {
    if (services.databaseConfig.kind === 'embedded') await ensureLocalUser(db, userId);
    else if (!(await userExists(db, userId))) {
      throw usageError(
        `There is no user ${userId} in ${db.describe}: pass --user with the id of an existing user (Supabase → Authentication → Users).`,
      );
    }
    await createJob(db, { id: jobId, userId, storagePath: file, launcher: 'cli' });
    const summary = await runImport(
      { jobId, userId, source: { path: file } },
      pipelineServices(services, ctx, {
        includeDoNotRemember: values['include-do-not-remember'],
        progressOptions: { onChange: (_stage, percent, text) => bar.update(percent, 100, text) },
      }),
    );
    bar.finish();
    writeLine(io.stdout, values.json ? JSON.stringify(summary) : formatImportSummary(summary));
    return 0;
  } catch (thrown) {
    bar.finish();
    const error = toAppError(thrown);
    await recordImportFailure(error, { db, jobId, userId, logger, lastAttempt: true });
    throw error;
  } finally {
    await db.close();
  }
}
