import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { migrate } from '../../core/db/migrate.js';
import { defaultCompatFile, defaultMigrationsDir } from '../../core/db/migration-files.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { partAvailable } from './real-parts.js';

/**
 * Native PostgreSQL 15 + pgvector and pgbouncer in transaction mode, as
 * `scripts/native-postgres.sh start` runs them and `.ci/run` exports them:
 * `TEST_DATABASE_URL` (direct, a superuser) and `TEST_POOLER_URL` (the same cluster through
 * pgbouncer). Tests share the cluster, so each suite gets a database of its own, cloned from a
 * migrated template (one per version of the migrations; cloning takes a fraction of a second,
 * migrating from scratch several), and drops it when done.
 */
const directUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
const poolerUrl = process.env.TEST_POOLER_URL?.trim() || undefined;

const HOW_TO =
  'run `bash scripts/native-postgres.sh start` and `eval "$(bash scripts/native-postgres.sh env)"` first';

/** Why native Postgres is unavailable, or undefined when it is there. */
export const nativeUnavailable = partAvailable(
  'postgres',
  directUrl !== undefined,
  `TEST_DATABASE_URL is not set; ${HOW_TO}`,
)
  ? undefined
  : 'no TEST_DATABASE_URL';

/** Why the pooler is unavailable, or undefined when it is there. */
export const poolerUnavailable = partAvailable(
  'pooler',
  poolerUrl !== undefined && directUrl !== undefined,
  `TEST_POOLER_URL or TEST_DATABASE_URL is not set; ${HOW_TO}`,
)
  ? undefined
  : 'no TEST_POOLER_URL';

export interface NativeDatabase {
  name: string;
  /** Direct to Postgres. */
  url: string;
  /** Through pgbouncer in transaction mode (undefined without TEST_POOLER_URL). */
  poolerUrl: string | undefined;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

const TEST_DB_PREFIX = 'soulprint_test_';
const TEMPLATE_PREFIX = 'soulprint_template_';
/** Databases left by a crashed run are dropped once they are this old. */
const STALE_AFTER_S = 3 * 3600;
const TEMPLATE_LOCK_KEY = 2_026_120_412;

/** A fresh database on the native cluster: migrated (cloned from the template) or empty. */
export async function createNativeDatabase(
  options: { migrated?: boolean } = {},
): Promise<NativeDatabase> {
  const admin = adminConnection();
  try {
    const template = options.migrated === false ? 'template0' : await migratedTemplate(admin);
    const name = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
    await withRetry(() => admin.unsafe(`create database ${name} template ${template}`));
    return {
      name,
      url: urlFor(directUrl as string, name),
      poolerUrl: poolerUrl === undefined ? undefined : urlFor(poolerUrl, name),
      drop: () => dropDatabase(name),
    };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Ends every server connection of `applicationName` to `database` (pg_terminate_backend). */
export async function terminateBackends(database: string, applicationName: string) {
  const admin = adminConnection();
  try {
    const rows = await admin.unsafe<{ pid: number }[]>(
      `select pid, pg_terminate_backend(pid) from pg_stat_activity
        where datname = $1 and application_name = $2 and pid <> pg_backend_pid()`,
      [database, applicationName],
    );
    return rows.length;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** `url` pointing at another database, query parameters kept. */
export function urlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function adminConnection() {
  if (directUrl === undefined) throw new Error(`TEST_DATABASE_URL is not set; ${HOW_TO}`);
  return postgres(directUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
}

async function dropDatabase(name: string): Promise<void> {
  const admin = adminConnection();
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * The template for the current migrations, created once by whichever test process gets there
 * first (the others wait on a session advisory lock: this connection is direct, not pooled).
 * Old templates and stale test databases are dropped on the way.
 */
async function migratedTemplate(admin: postgres.Sql): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${await migrationsHash()}`;
  await admin.unsafe('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    const [existing] = await admin.unsafe<{ ready: boolean }[]>(
      'select datistemplate as ready from pg_database where datname = $1',
      [name],
    );
    if (existing?.ready) return name;
    await dropLeftovers(admin, name);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name} template template0`);
    const db = await openPostgresDatabase({ url: urlFor(directUrl as string, name) });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    // Marks it finished: an interrupted build is not datistemplate and is rebuilt.
    await admin.unsafe(`alter database ${name} is_template true`);
    return name;
  } finally {
    await admin.unsafe('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
}

async function dropLeftovers(admin: postgres.Sql, keep: string): Promise<void> {
  const rows = await admin.unsafe<{ datname: string }[]>(
    `select datname from pg_database where datname like $1 || '%' or datname like $2 || '%'`,
    [TEMPLATE_PREFIX, TEST_DB_PREFIX],
  );
  const now = Date.now() / 1000;
  for (const { datname } of rows) {
    if (datname === keep) continue;
    if (datname.startsWith(TEST_DB_PREFIX)) {
      const created = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      if (!(now - created > STALE_AFTER_S)) continue;
    } else {
      await admin.unsafe(`alter database ${datname} is_template false`);
    }
    await admin.unsafe(`drop database if exists ${datname} with (force)`);
  }
}

/** The template's name changes with the migrations and the bootstrap. */
async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const dir = defaultMigrationsDir();
  for (const file of (await readdir(dir)).sort()) {
    hash.update(file).update(await readFile(path.join(dir, file)));
  }
  hash.update(await readFile(defaultCompatFile()));
  return hash.digest('hex').slice(0, 16);
}

/** CREATE DATABASE fails while anything (autovacuum) is connected to the template: wait. */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const busy = (error as { code?: string }).code === '55006';
      if (!busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
