import { randomUUID } from 'node:crypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareEmbeddedDatabase } from '../../core/db/open-database.js';
import { createPglite, pgliteDatabase } from '../../core/db/pglite-database.js';

const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;
const SAMPLE = new URL('../../samples/sample-export.zip', import.meta.url).pathname;

describe('import against DATABASE_URL', () => {
  let pg: Awaited<ReturnType<typeof createPglite>>;
  let server: PGLiteSocketServer;
  beforeAll(async () => {
    pg = await createPglite('memory://');
    await prepareEmbeddedDatabase(pgliteDatabase(pg, { describe: 'the test database' }));
    server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0 });
    await server.start();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await pg?.close();
  });

  it('refuses a user the database does not know with exit 2 and what to pass instead', async () => {
    const userId = randomUUID();
    const result = await execa('node', [MAIN, 'import', SAMPLE, '--user', userId], {
      reject: false,
      env: { DATABASE_URL: `postgres://postgres@${server.getServerConn()}/postgres` },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`There is no user ${userId} in Postgres at 127.0.0.1:`);
    expect(result.stderr).toContain('pass --user with the id of an existing user');
    const jobs = await pg.query('select 1 from public.import_jobs');
    expect(jobs.rows).toHaveLength(0);
  });
});
