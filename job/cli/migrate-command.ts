import { loadDatabaseConfig, migrate, openDatabase } from '../../core/db/index.js';
import { type CommandContext, writeLine } from './cli-io.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';

export const MIGRATE_USAGE = 'Usage: migrate [--data-dir <dir>]';

/**
 * `migrate`: applies the SQL migrations in infra/supabase/migrations to DATABASE_URL, or to the
 * embedded database (`--data-dir`, SOULPRINT_DATA_DIR, default ./.soulprint). Re-running is a
 * no-op.
 */
export async function migrateCommand(args: string[], { io, env }: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { 'data-dir': { type: 'string' } },
    MIGRATE_USAGE,
  );
  if (positionals.length > 0) throw usageError(MIGRATE_USAGE);
  const dataDir = values['data-dir'];
  const config = loadDatabaseConfig(env, dataDir === undefined ? {} : { dataDir });
  // The embedded database migrates itself on open; Postgres is migrated here, explicitly.
  const db = await openDatabase(config);
  try {
    const result = await migrate(db);
    const applied = result.applied.length;
    const target = db.describe.charAt(0).toUpperCase() + db.describe.slice(1);
    writeLine(
      io.stdout,
      applied > 0
        ? `Applied ${applied} migration${applied === 1 ? '' : 's'} to ${db.describe}: ${result.applied.join(', ')}`
        : `${target} is up to date (${result.alreadyApplied} migrations applied).`,
    );
  } finally {
    await db.close();
  }
  return 0;
}
