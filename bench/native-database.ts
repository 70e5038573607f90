/** A database of its own on the Postgres that DATABASE_URL names, for the native benchmarks. */
import postgres from 'postgres';
import { driverUrl } from '../core/db/connection-url.js';
import { loadDatabaseConfig } from '../core/db/database-config.js';

const HOW_TO = [
  'needs DATABASE_URL naming a native Postgres with pgvector 0.8 where it may create databases:',
  '  bash scripts/native-postgres.sh start && eval "$(bash scripts/native-postgres.sh env)"',
  '  DATABASE_URL=$TEST_DATABASE_URL npm run <this benchmark>',
].join('\n');

/** The configured Postgres URL, or exit saying how to get one. */
export function benchPostgresUrl(benchmark: string): string {
  const config = loadDatabaseConfig(process.env);
  if (config.kind !== 'postgres') {
    process.stderr.write(`${benchmark} ${HOW_TO.replace('<this benchmark>', benchmark)}\n`);
    process.exit(78);
  }
  return config.url;
}

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates `name` next to `url`'s database (dropping an older one first unless `reuse`). */
export async function createBenchDatabase(
  url: string,
  name: string,
  options: { reuse: boolean },
): Promise<{ url: string; existed: boolean }> {
  const admin = postgres(driverUrl(url), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin.unsafe<{ n: number }[]>(
      'select count(*)::int as n from pg_database where datname = $1',
      [name],
    );
    const existed = (row?.n ?? 0) > 0;
    if (existed && !options.reuse) await admin.unsafe(`drop database ${name} with (force)`);
    if (!existed || !options.reuse) await admin.unsafe(`create database ${name}`);
    return { url: withDatabase(url, name), existed: existed && options.reuse };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** What the server runs with, for the benchmark's header. */
export async function serverSettings(url: string): Promise<string> {
  const sql = postgres(driverUrl(url), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql.unsafe<{ name: string; setting: string }[]>(
      `select name, current_setting(name) as setting from pg_settings
        where name in ('server_version', 'shared_buffers', 'maintenance_work_mem', 'work_mem',
                       'fsync', 'synchronous_commit', 'max_parallel_maintenance_workers')
        order by name`,
    );
    const [vector] = await sql.unsafe<{ v: string }[]>(
      `select extversion as v from pg_extension where extname = 'vector'`,
    );
    return [...rows.map((r) => `${r.name}=${r.setting}`), `pgvector=${vector?.v ?? '?'}`].join(' ');
  } finally {
    await sql.end({ timeout: 5 });
  }
}
