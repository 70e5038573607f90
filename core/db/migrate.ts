import type { Database } from './database.js';
import { DatabaseError } from './database-error.js';
import { loadCompatSql, loadMigrations } from './migration-files.js';

export interface MigrateOptions {
  /** Defaults to infra/supabase/migrations under the package root. */
  migrationsDir?: string;
  /** Defaults to infra/db/supabase-compat.sql under the package root. */
  compatFile?: string;
}

export interface MigrateResult {
  /** Versions applied by this run, oldest first. */
  applied: string[];
  /** Migrations that were already recorded. */
  alreadyApplied: number;
  /** True when this run created what Supabase provides (roles, auth schema). */
  bootstrapped: boolean;
}

/**
 * Applies the numbered migrations in order, each in its own transaction, recording each in
 * supabase_migrations.schema_migrations exactly as the Supabase CLI does, so this runner and
 * `supabase db push` agree on what is applied. Re-running is a no-op. On a database without
 * auth.users (not Supabase), the compatibility bootstrap runs first. Concurrent runners
 * serialise on an advisory lock.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.migrationsDir);
  const compatSql = await loadCompatSql(options.compatFile);

  const bootstrapped = await db.transaction(async (tx) => {
    await lock(tx);
    const [auth] = await tx.query<{ present: boolean }>(
      `select to_regclass('auth.users') is not null as present`,
      [],
      { operation: 'check for auth.users' },
    );
    if (!auth?.present) {
      await runStep(tx, compatSql, 'infra/db/supabase-compat.sql');
    }
    await tx.exec(HISTORY_TABLE, { operation: 'create the migration history table' });
    return !auth?.present;
  });

  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await lock(tx);
      const recorded = await tx.query(
        'select 1 from supabase_migrations.schema_migrations where version = $1',
        [migration.version],
        { operation: 'read the migration history' },
      );
      if (recorded.length > 0) return false;
      await runStep(tx, migration.sql, migration.fileName);
      await tx.query(
        `insert into supabase_migrations.schema_migrations (version, name, statements)
         values ($1, $2, $3::text[])`,
        [migration.version, migration.name, [migration.sql]],
        { operation: `record migration ${migration.fileName}` },
      );
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return { applied, alreadyApplied: migrations.length - applied.length, bootstrapped };
}

/** The Supabase CLI's own statements (pkg/migration/history.go), so both create the same table. */
const HISTORY_TABLE = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
alter table supabase_migrations.schema_migrations add column if not exists statements text[];
alter table supabase_migrations.schema_migrations add column if not exists name text;
`;

/** Any constant; every runner of this project uses the same one. */
const MIGRATION_LOCK_KEY = 2_026_112_901;

async function lock(tx: Database): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY], {
    operation: 'take the migration lock',
  });
}

async function runStep(tx: Database, sql: string, fileName: string): Promise<void> {
  try {
    await tx.exec(sql, { operation: `apply ${fileName}` });
  } catch (error) {
    if (error instanceof DatabaseError && error.code === 'DB_QUERY_FAILED') {
      throw new DatabaseError(
        'DB_MIGRATION_FAILED',
        `${error.message} Nothing of it was applied.`,
        {
          kind: 'internal',
          database: error.database,
          operation: error.operation,
          sqlState: error.sqlState,
          constraint: error.constraint,
          cause: error,
        },
      );
    }
    throw error;
  }
}
