import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../core/db/migration-files.js';
import { createPglite } from '../../core/db/pglite-database.js';

const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-migrate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies the migrations to DATABASE_URL once, then reports it up to date', async () => {
    const pg = await createPglite('memory://');
    const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0 });
    await server.start();
    try {
      const env = { DATABASE_URL: `postgres://postgres@${server.getServerConn()}/postgres` };
      const first = await execa('node', [MAIN, 'migrate'], { env, reject: false });
      expect(first.exitCode).toBe(0);
      const count = (await loadMigrations()).length;
      expect(first.stdout).toMatch(
        new RegExp(
          `^Applied ${count} migrations to Postgres at 127\\.0\\.0\\.1:\\d+/postgres: 20261129000001`,
        ),
      );
      const second = await execa('node', [MAIN, 'migrate'], { env, reject: false });
      expect(second.stdout).toContain(`up to date (${count} migrations applied)`);
      const tables = await pg.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      expect(tables.rows.map((r) => r.name)).toEqual([
        'conversation_chunks',
        'import_jobs',
        'learned_facts',
        'user_profiles',
      ]);
    } finally {
      await server.stop();
      await pg.close();
    }
  });

  it('brings the embedded database in --data-dir up to date', async () => {
    const result = await execa('node', [MAIN, 'migrate', '--data-dir', join(dir, 'db')], {
      reject: false,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`The embedded database at ${join(dir, 'db')} is up to date`);
  });

  it('exits 3 naming the database, never its password, when Postgres is unreachable', async () => {
    const env = { DATABASE_URL: 'postgres://app:hunter2secret@127.0.0.1:9/app' };
    const result = await execa('node', [MAIN, 'migrate'], { env, reject: false });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('[DB_UNAVAILABLE]');
    expect(result.stderr).toContain('127.0.0.1:9/app');
    expect(result.stderr).not.toContain('hunter2secret');
  });
});
