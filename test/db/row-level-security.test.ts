import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { completeImport } from '../../core/db/complete-import.js';
import { insertChunks } from '../../core/db/conversation-chunks.js';
import { createJob } from '../../core/db/import-jobs.js';
import { startImport } from '../../core/db/import-status.js';
import { insertFacts } from '../../core/db/learned-facts.js';
import { vectorParam } from '../../core/db/vector-param.js';
import {
  ADAPTERS,
  asRole,
  chunkRow,
  databaseForSuite,
  factRow,
  newUser,
  OPEN_TIMEOUT_MS,
  unitVector,
} from './database-fixtures.js';

const TABLES = ['user_profiles', 'conversation_chunks', 'learned_facts', 'import_jobs'] as const;

describe.each(ADAPTERS)('row-level security through $name', (adapter) => {
  const db = databaseForSuite(adapter);
  let userA: string;
  let userB: string;

  beforeAll(async () => {
    userA = await newUser(db);
    userB = await newUser(db);
    // What the job writes (as the owner, like the service role), for two users.
    for (const userId of [userA, userB]) {
      const importId = randomUUID();
      await startImport(db, { userId, importId });
      await insertChunks(db, [
        chunkRow({ userId, importId }, 0, { embedding: unitVector(1) }),
        chunkRow({ userId, importId }, 1, { embedding: unitVector(2) }),
      ]);
      await insertFacts(db, [factRow({ userId, importId }, 0)]);
      await completeImport(db, { userId, importId, totalConversations: 1, totalMessages: 2 });
      await createJob(db, { userId, storagePath: `${userId}/export.zip` });
    }
  }, OPEN_TIMEOUT_MS);

  test.each(TABLES)('a user reads only their own rows of %s', async (table) => {
    const owners = await asRole(db, 'authenticated', userA, (tx) =>
      tx.query<{ user_id: string }>(`select distinct user_id::text from public.${table}`),
    );
    expect(owners).toEqual([{ user_id: userA }]);
    const all = await db.query<{ count: number }>(
      `select count(distinct user_id)::int as count from public.${table}
        where user_id in ($1::uuid, $2::uuid)`,
      [userA, userB],
    );
    expect(all).toEqual([{ count: 2 }]);
  });

  test.each(TABLES)('anon reads nothing from %s', async (table) => {
    await expect(
      asRole(db, 'anon', null, (tx) => tx.query(`select * from public.${table}`)),
    ).rejects.toMatchObject({ code: 'DB_QUERY_FAILED', sqlState: '42501' });
  });

  test('a user cannot write, not even their own rows', async () => {
    await expect(
      asRole(db, 'authenticated', userA, (tx) =>
        tx.query(`update public.user_profiles set ai_name = 'Mallory' where user_id = $1::uuid`, [
          userA,
        ]),
      ),
    ).rejects.toMatchObject({ sqlState: '42501' });
    await expect(
      asRole(db, 'authenticated', userA, (tx) =>
        insertChunks(tx, [chunkRow({ userId: userA, importId: randomUUID() }, 9)]),
      ),
    ).rejects.toMatchObject({ sqlState: '42501' });
    await expect(
      asRole(db, 'authenticated', userA, (tx) =>
        tx.query('delete from public.learned_facts where user_id = $1::uuid', [userA]),
      ),
    ).rejects.toMatchObject({ sqlState: '42501' });
  });

  test('the service role writes any user’s rows and reads past the policies', async () => {
    const counts = await asRole(db, 'service_role', null, async (tx) => {
      await tx.query(`update public.user_profiles set ai_name = 'Nova' where user_id = $1::uuid`, [
        userB,
      ]);
      await insertFacts(tx, [factRow({ userId: userB, importId: randomUUID() }, 7)]);
      return tx.query<{ count: number }>(
        'select count(*)::int as count from public.user_profiles where user_id in ($1::uuid, $2::uuid)',
        [userA, userB],
      );
    });
    expect(counts).toEqual([{ count: 2 }]);
    const [profile] = await db.query<{ ai_name: string }>(
      'select ai_name from public.user_profiles where user_id = $1::uuid',
      [userB],
    );
    expect(profile?.ai_name).toBe('Nova');
  });

  test("match_conversation_chunks never returns another user's chunks to a user", async () => {
    const search = (matchUserId: string) =>
      asRole(db, 'authenticated', userA, (tx) =>
        tx.query<{ id: string }>(
          'select id from public.match_conversation_chunks($1::extensions.vector, $2::uuid, 10, -1)',
          [vectorParam(unitVector(1)), matchUserId],
        ),
      );
    expect(await search(userA)).toHaveLength(2);
    expect(await search(userB)).toEqual([]);
  });

  test('anon cannot call match_conversation_chunks', async () => {
    await expect(
      asRole(db, 'anon', null, (tx) =>
        tx.query(
          'select * from public.match_conversation_chunks($1::extensions.vector, $2::uuid, 5, 0)',
          [vectorParam(unitVector(1)), userA],
        ),
      ),
    ).rejects.toMatchObject({ sqlState: '42501' });
  });
});
