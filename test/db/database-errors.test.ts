import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { insertChunks } from '../../core/db/conversation-chunks.js';
import { DatabaseError } from '../../core/db/database-error.js';
import { createPglite, openPgliteDatabase } from '../../core/db/pglite-database.js';
import { describePostgresUrl, openPostgresDatabase } from '../../core/db/postgres-database.js';
import {
  chunkRow,
  databaseForSuite,
  describeEachAdapter,
  newUser,
  OPEN_TIMEOUT_MS,
} from './database-fixtures.js';

const SECRET_TEXT = 'my therapist said the word "pineapple"';

describeEachAdapter('database errors through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  test('a constraint violation names the database and operation, never the row', async () => {
    const ref = { userId: await newUser(db), importId: randomUUID() };
    const row = chunkRow(ref, 0, { content: SECRET_TEXT, chunkTier: 'huge' as 'macro' });
    const failure = await insertChunks(db, [row]).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({
      code: 'DB_QUERY_FAILED',
      kind: 'internal',
      retryable: false,
      sqlState: '23514',
      database: db.describe,
      operation: 'save conversation chunks',
    });
    const error = failure as DatabaseError;
    expect(error.message).toBe(
      `Could not save conversation chunks in ${db.describe}: new row for relation ` +
        '"conversation_chunks" violates check constraint "conversation_chunks_chunk_tier_check" ' +
        '(SQLSTATE 23514).',
    );
    // Nothing of the row reaches the error, the cause, or anything a logger would print.
    const printable =
      JSON.stringify(error, Object.getOwnPropertyNames(error)) +
      JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause as object));
    expect(printable).not.toContain('pineapple');
    expect(error.cause).toMatchObject({ code: '23514' });
  });

  test('a unique violation becomes DB_CONFLICT with the constraint name', async () => {
    const userId = randomUUID();
    await db.query('insert into auth.users (id) values ($1::uuid)', [userId]);
    await expect(
      db.query('insert into auth.users (id) values ($1::uuid)', [userId], {
        operation: 'create a user',
      }),
    ).rejects.toMatchObject({
      code: 'DB_CONFLICT',
      constraint: 'users_pkey',
      message: expect.stringMatching(/^Could not create a user in .+: a row with the same key/),
    });
  });

  test("errors thrown by the caller's code pass through a transaction unchanged and roll it back", async () => {
    const userId = randomUUID();
    const mine = new RangeError('caller bug');
    const thrown = await db
      .transaction(async (tx) => {
        await tx.query('insert into auth.users (id) values ($1::uuid)', [userId]);
        throw mine;
      })
      .catch((error: unknown) => error);
    expect(thrown).toBe(mine);
    expect(await db.query('select 1 from auth.users where id = $1::uuid', [userId])).toEqual([]);
  });

  test('a nested transaction joins the outer one', async () => {
    const userId = randomUUID();
    await db
      .transaction(async (tx) => {
        await tx.transaction((inner) =>
          inner.query('insert into auth.users (id) values ($1::uuid)', [userId]),
        );
        throw new RangeError('roll everything back');
      })
      .catch(() => {});
    expect(await db.query('select 1 from auth.users where id = $1::uuid', [userId])).toEqual([]);
  });
});

describe('unavailable databases', () => {
  test('an unreachable Postgres is DB_UNAVAILABLE, retryable, and never shows the password', async () => {
    const failure = await openPostgresDatabase({
      url: 'postgres://app:s3cret-pw@127.0.0.1:1/soulprint',
      maxConnections: 1,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({
      code: 'DB_UNAVAILABLE',
      kind: 'upstream',
      retryable: true,
      database: 'Postgres at 127.0.0.1:1/soulprint',
      operation: 'connect',
    });
    expect((failure as Error).message).toBe(
      'Could not connect: Postgres at 127.0.0.1:1/soulprint is not available ' +
        '(connect ECONNREFUSED 127.0.0.1:1).',
    );
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain('s3cret');
  });

  test(
    'the embedded database is DB_UNAVAILABLE once closed',
    async () => {
      const db = await openPgliteDatabase('memory://');
      await db.close();
      await expect(
        db.query('select 1', [], { operation: 'read the profile' }),
      ).rejects.toMatchObject({
        code: 'DB_UNAVAILABLE',
        retryable: true,
        message: expect.stringContaining(
          'Could not read the profile: the in-memory embedded database',
        ),
      });
    },
    OPEN_TIMEOUT_MS,
  );

  test('a data directory that cannot be created is DB_UNAVAILABLE naming it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'soulprint-errors-'));
    try {
      const blocker = path.join(dir, 'a-file');
      await writeFile(blocker, 'not a directory');
      const dataDir = path.join(blocker, 'data');
      await expect(createPglite(dataDir)).rejects.toMatchObject({
        code: 'DB_UNAVAILABLE',
        message: expect.stringContaining(`the embedded database at ${dataDir}`),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('describePostgresUrl', () => {
  test.each([
    [
      'postgres://user:pw@db.example.supabase.co:6543/postgres?sslmode=require',
      'Postgres at db.example.supabase.co:6543/postgres',
    ],
    ['postgresql://localhost/app', 'Postgres at localhost:5432/app'],
    ['postgres://user:p%40ss@[::1]:5433/app', 'Postgres at [::1]:5433/app'],
    ['postgresql:///app?host=/var/run/postgresql', 'Postgres at /var/run/postgresql:5432/app'],
  ])('%s -> %s', (url, expected) => {
    expect(describePostgresUrl(url)).toBe(expected);
  });
});
