import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DatabaseError } from '../../core/db/database-error.js';
import { migrate } from '../../core/db/migrate.js';
import {
  defaultMigrationsDir,
  findPackageRoot,
  loadMigrations,
} from '../../core/db/migration-files.js';
import { openDatabase } from '../../core/db/open-database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { createNativeDatabase, poolerUnavailable } from '../support/native-postgres.js';
import { databaseForSuite, describeEachAdapter, OPEN_TIMEOUT_MS } from './database-fixtures.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describeEachAdapter('migrations through $name', (adapter) => {
  const db = databaseForSuite(adapter, { migrated: false });

  test('apply every migration once, then re-running is a no-op', async () => {
    const files = await loadMigrations();
    const first = await migrate(db);
    expect(first).toEqual({
      applied: files.map((f) => f.version),
      alreadyApplied: 0,
      bootstrapped: true,
    });

    const second = await migrate(db);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length, bootstrapped: false });

    const history = await db.query<{ version: string; name: string; statements: string[] }>(
      'select version, name, statements from supabase_migrations.schema_migrations order by version',
    );
    expect(history).toEqual(
      files.map((f) => ({ version: f.version, name: f.name, statements: [f.sql] })),
    );
  });

  test('create the tables, the match function and the Supabase roles', async () => {
    const tables = await db.query<{ name: string; rls: boolean }>(
      `select c.relname as name, c.relrowsecurity as rls from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by 1`,
    );
    expect(tables).toEqual([
      { name: 'conversation_chunks', rls: true },
      { name: 'import_jobs', rls: true },
      { name: 'learned_facts', rls: true },
      { name: 'user_profiles', rls: true },
    ]);
    const roles = await db.query<{ rolname: string; rolbypassrls: boolean }>(
      `select rolname, rolbypassrls from pg_roles
        where rolname in ('anon', 'authenticated', 'service_role') order by 1`,
    );
    expect(roles).toEqual([
      { rolname: 'anon', rolbypassrls: false },
      { rolname: 'authenticated', rolbypassrls: false },
      { rolname: 'service_role', rolbypassrls: true },
    ]);
    // No vector index over the whole table (see 20261204000101_search_index_per_import.sql).
    const vectorIndexes = await db.query<{ name: string }>(
      `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
         join pg_am am on am.oid = c.relam
        where i.indrelid = 'public.conversation_chunks'::regclass and am.amname = 'hnsw'`,
    );
    expect(vectorIndexes).toEqual([]);
    const [fn] = await db.query<{ args: string }>(
      `select pg_get_function_arguments('public.match_conversation_chunks'::regproc) as args`,
    );
    expect(fn?.args).toBe(
      'query_embedding extensions.vector, match_user_id uuid, match_count integer, ' +
        'match_threshold double precision, match_tier text DEFAULT NULL::text',
    );
  });

  test('a failing migration is rolled back whole and reported with its file name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'soulprint-migrations-'));
    try {
      await writeFile(
        path.join(dir, '20990101000001_good.sql'),
        'create table public.migrate_test_good (id int);',
      );
      await writeFile(
        path.join(dir, '20990101000002_broken.sql'),
        'create table public.migrate_test_partial (id int);\nselect * from no_such_table;',
      );
      const failure = await migrate(db, { migrationsDir: dir }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DatabaseError);
      expect(failure).toMatchObject({ code: 'DB_MIGRATION_FAILED', sqlState: '42P01' });
      expect((failure as Error).message).toContain('20990101000002_broken.sql');
      expect((failure as Error).message).toContain('no_such_table');

      const [state] = await db.query<{ good: boolean; partial: boolean }>(
        `select to_regclass('public.migrate_test_good') is not null as good,
                to_regclass('public.migrate_test_partial') is not null as partial`,
      );
      expect(state).toEqual({ good: true, partial: false });
      const versions = await db.query<{ version: string }>(
        `select version from supabase_migrations.schema_migrations where version like '2099%'`,
      );
      expect(versions).toEqual([{ version: '20990101000001' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(poolerUnavailable)(
  `concurrent migrations through pgbouncer in transaction mode${poolerUnavailable ? ` (skipped: ${poolerUnavailable})` : ''}`,
  () => {
    // With prepared statements on (DATABASE_PREPARE=true), most of these fail with SQLSTATE 26000.
    test('eighteen runners at once on an empty database: one applies, none fails', async () => {
      const created = await createNativeDatabase({ migrated: false });
      const runners = await Promise.all(
        Array.from({ length: 18 }, () =>
          openPostgresDatabase({ url: created.poolerUrl as string, maxConnections: 1 }),
        ),
      );
      try {
        const results = await Promise.all(runners.map((db) => migrate(db)));
        const files = await loadMigrations();
        expect(results.filter((r) => r.bootstrapped)).toHaveLength(1);
        expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.version));
      } finally {
        await Promise.all(runners.map((db) => db.close()));
        await created.drop();
      }
    });
  },
);

describe('migration files', () => {
  test('are found from the package root whether the code runs from source or dist/', () => {
    expect(findPackageRoot(path.join(repoRoot, 'core', 'db'))).toBe(repoRoot);
    expect(findPackageRoot(path.join(repoRoot, 'dist', 'core', 'db'))).toBe(repoRoot);
    expect(defaultMigrationsDir()).toBe(path.join(repoRoot, 'infra', 'supabase', 'migrations'));
  });

  test('use the Supabase CLI layout and are ordered by version', async () => {
    const files = await loadMigrations();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.fileName).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
    const versions = files.map((f) => f.version);
    expect(versions).toEqual([...versions].sort());
  });

  test('a file not named <version>_<name>.sql is refused, not skipped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'soulprint-migrations-'));
    try {
      await writeFile(path.join(dir, '20990101000001_good.sql'), 'select 1;');
      await writeFile(path.join(dir, 'notes.sql'), 'select 1;');
      await expect(loadMigrations(dir)).rejects.toMatchObject({
        code: 'DB_MIGRATION_FAILED',
        message: expect.stringContaining('notes.sql'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the embedded database on disk', () => {
  test(
    'is migrated on open, keeps its data, and is not migrated twice',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'soulprint-data-'));
      try {
        const first = await openDatabase({ kind: 'embedded', dataDir });
        expect(first.describe).toBe(`the embedded database at ${dataDir}`);
        await first.query(
          `insert into auth.users (id) values ('00000000-0000-4000-8000-000000000001')`,
        );
        await first.close();

        const second = await openDatabase({ kind: 'embedded', dataDir });
        try {
          expect(await migrate(second)).toMatchObject({ applied: [], bootstrapped: false });
          const users = await second.query<{ id: string }>('select id from auth.users');
          expect(users).toEqual([{ id: '00000000-0000-4000-8000-000000000001' }]);
        } finally {
          await second.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    OPEN_TIMEOUT_MS,
  );

  test(
    'a directory serves one process at a time; a stale lock is taken over',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'soulprint-data-'));
      try {
        const first = await openDatabase({ kind: 'embedded', dataDir });
        await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toMatchObject({
          code: 'DB_UNAVAILABLE',
          message: expect.stringContaining('this process is using it'),
        });
        await first.close();

        // A live process (our parent) holds it: refused, naming the pid.
        await writeFile(path.join(dataDir, 'soulprint.lock'), String(process.ppid));
        await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toMatchObject({
          code: 'DB_UNAVAILABLE',
          kind: 'config',
          message: expect.stringContaining(`process ${process.ppid} is using it`),
        });

        // A process that no longer exists: taken over.
        await writeFile(path.join(dataDir, 'soulprint.lock'), '999999999');
        const second = await openDatabase({ kind: 'embedded', dataDir });
        expect(await second.query('select 1 as ok')).toEqual([{ ok: 1 }]);
        await second.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    OPEN_TIMEOUT_MS,
  );
});
