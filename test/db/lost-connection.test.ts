import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Database } from '../../core/db/database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { withRetry } from '../../core/retry.js';
import { createNativeDatabase, type NativeDatabase } from '../support/native-postgres.js';
import { describeEachAdapter, NATIVE, THROUGH_POOLER } from './database-fixtures.js';

/**
 * The server ends the connection under an open transaction (pg_terminate_backend, as a
 * failover or a pooler restart would): the transaction fails with a retryable DB_UNAVAILABLE,
 * nothing is written to the dead socket (postgres.js would crash the process from a timer),
 * and the pool carries on with a new connection. postgres.js hands the server's late FATAL
 * message to the next statement sent, which fails once more, also as DB_UNAVAILABLE: the
 * project's retry policy (what the job's saves use) gets past it.
 */
const QUICK_RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10, jitter: 0 };

describeEachAdapter(
  'a lost connection through $name',
  (adapter) => {
    let created: NativeDatabase;
    let db: Database;
    let admin: postgres.Sql;

    beforeAll(async () => {
      created = await createNativeDatabase();
      const url = adapter === THROUGH_POOLER ? (created.poolerUrl as string) : created.url;
      db = await openPostgresDatabase({ url, maxConnections: 1 });
      admin = postgres(created.url, { max: 1, onnotice: () => {} });
    });
    afterAll(async () => {
      await db?.close();
      await admin?.end();
      await created?.drop();
    });

    test('fails the transaction as retryable, and the next query gets a new connection', async () => {
      for (let round = 0; round < 3; round++) {
        const failure = await db
          .transaction(async (tx) => {
            const [row] = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
            await admin.unsafe('select pg_terminate_backend($1)', [row?.pid as number]);
            await tx.query('select 1');
          })
          .catch((error: unknown) => error);
        expect(failure).toMatchObject({ code: 'DB_UNAVAILABLE', retryable: true });
        // A write left for a timer would throw now, outside any caller.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const next = await withRetry(() => db.query('select 1 as ok'), { policy: QUICK_RETRY });
        expect(next).toEqual([{ ok: 1 }]);
      }
    });
  },
  [NATIVE, THROUGH_POOLER],
);
