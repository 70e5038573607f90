import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { completeImport } from '../../core/db/complete-import.js';
import type { Database } from '../../core/db/database.js';
import { createJob } from '../../core/db/import-jobs.js';
import { startImport } from '../../core/db/import-status.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { saveChunks } from '../../core/db/save-chunks.js';
import { saveFacts } from '../../core/db/save-facts.js';
import { vectorParam } from '../../core/db/vector-param.js';
import {
  asRole,
  chunkRow,
  databaseForSuite,
  describeEachAdapter,
  factRow,
  newUser,
  OPEN_TIMEOUT_MS,
  unitVector,
} from './database-fixtures.js';
import { type ApiRole, loginRoleUrl } from './rls-roles.js';

/**
 * Row-level security as the app meets it: as `authenticated` with each of two users' JWT
 * claims, and as `anon`, every table and every function the app may call is tried with
 * SELECT, INSERT, UPDATE and DELETE. A user sees only their own rows and changes none (the
 * job writes through the service role), `anon` gets nothing, `service_role` writes anything.
 * On native Postgres the roles are taken the way PostgREST takes them: from a login role of
 * their own (`authenticator`, no superuser, no inherited rights) with SET LOCAL ROLE.
 */
const TABLES = ['user_profiles', 'conversation_chunks', 'learned_facts', 'import_jobs'] as const;
type Table = (typeof TABLES)[number];

/** One write of each kind per table, aimed at `target`'s rows. */
function writes(table: Table, target: string): Record<'insert' | 'update' | 'delete', string> {
  const where = `where user_id = '${target}'::uuid`;
  const insert: Record<Table, string> = {
    user_profiles: `insert into public.user_profiles (user_id) values ('${target}')
      on conflict (user_id) do nothing`,
    conversation_chunks: `insert into public.conversation_chunks (id, user_id, import_id,
        conversation_id, content, chunk_tier, chunk_index, message_start, message_end,
        message_count, token_count)
      values ('${randomUUID()}', '${target}', '${randomUUID()}', 'c', 'text', 'micro', 0, 0, 0, 1, 1)`,
    learned_facts: `insert into public.learned_facts (id, user_id, import_id, category, fact)
      values ('${randomUUID()}', '${target}', '${randomUUID()}', 'preferences', 'likes tea')`,
    import_jobs: `insert into public.import_jobs (user_id, storage_path, status)
      values ('${target}', '${target}/export.zip', 'succeeded')`,
  };
  const update: Record<Table, string> = {
    user_profiles: `update public.user_profiles set ai_name = 'Mallory' ${where}`,
    conversation_chunks: `update public.conversation_chunks set content = 'changed' ${where}`,
    learned_facts: `update public.learned_facts set fact = 'changed' ${where}`,
    import_jobs: `update public.import_jobs set status = 'cancelled' ${where}`,
  };
  return {
    insert: insert[table],
    update: update[table],
    delete: `delete from public.${table} ${where}`,
  };
}

describeEachAdapter('row-level security through $name', (adapter) => {
  const db = databaseForSuite(adapter);
  /** Where the API roles are taken: the suite's connection, or a login role's (native). */
  let api: Database;
  let userA: string;
  let userB: string;

  beforeAll(async () => {
    api = adapter.native
      ? await openPostgresDatabase({ url: await loginRoleUrl(db), maxConnections: 1 })
      : db;
    userA = await newUser(db);
    userB = await newUser(db);
    // What the job writes (as the owner, like the service role), for two users.
    for (const userId of [userA, userB]) {
      const importId = randomUUID();
      await startImport(db, { userId, importId });
      await saveChunks(db, [
        chunkRow({ userId, importId }, 0, { embedding: unitVector(1) }),
        chunkRow({ userId, importId }, 1, { embedding: unitVector(2) }),
      ]);
      await saveFacts(db, [factRow({ userId, importId }, 0)]);
      await completeImport(db, { userId, importId, totalConversations: 1, totalMessages: 2 });
      await createJob(db, { userId, storagePath: `${userId}/export.zip` });
    }
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    if (api && api !== db) await api.close();
  });

  const as = <T>(role: ApiRole, userId: string | null, fn: (tx: Database) => Promise<T>) =>
    asRole(api, role, userId, fn);

  /** Runs `fn` as `role`, then rolls everything back; resolves with what `fn` returned. */
  async function rolledBack<T>(role: ApiRole, fn: (tx: Database) => Promise<T>): Promise<T> {
    let result: T | undefined;
    const undo = new Error('roll back');
    const thrown = await as(role, null, async (tx) => {
      result = await fn(tx);
      throw undo;
    }).catch((error: unknown) => error);
    if (thrown !== undo) throw thrown;
    return result as T;
  }

  test.each(TABLES)('each user reads only their own rows of %s', async (table) => {
    for (const [me, other] of [
      [userA, userB],
      [userB, userA],
    ] as const) {
      const owners = await as('authenticated', me, (tx) =>
        tx.query<{ user_id: string }>(
          `select distinct user_id::text from public.${table} where user_id in ($1::uuid, $2::uuid)`,
          [me, other],
        ),
      );
      expect(owners).toEqual([{ user_id: me }]);
    }
  });

  test.each(TABLES)('anon reads nothing from %s', async (table) => {
    await expect(
      as('anon', null, (tx) => tx.query(`select * from public.${table}`)),
    ).rejects.toMatchObject({
      code: 'DB_QUERY_FAILED',
      sqlState: '42501',
    });
  });

  test.each(
    TABLES.flatMap((table) =>
      (['insert', 'update', 'delete'] as const).map((kind) => [table, kind] as const),
    ),
  )(
    'nobody but the service role may %s: %s, not on their own rows, not on others, not as anon',
    async (table, kind) => {
      const attempts: Array<[ApiRole, string | null, string]> = [
        ['authenticated', userA, userA],
        ['authenticated', userA, userB],
        ['anon', null, userA],
      ];
      for (const [role, claims, target] of attempts) {
        await expect(
          as(role, claims, (tx) => tx.exec(writes(table, target)[kind])),
          `${role} (${claims === userA ? 'user A' : 'no user'}) ${kind} on ${table} of ${target === userA ? 'A' : 'B'}`,
        ).rejects.toMatchObject({ sqlState: '42501' });
      }
      // The service role can (in a transaction rolled back: the next tests see the same rows).
      const { before, after } = await rolledBack('service_role', async (tx) => {
        const count = async () =>
          (
            await tx.query<{ n: number }>(
              `select count(*)::int as n from public.${table} where user_id = $1::uuid`,
              [userB],
            )
          )[0]?.n ?? -1;
        const first = await count();
        await tx.exec(writes(table, userB)[kind]);
        return { before: first, after: await count() };
      });
      if (kind === 'insert') expect(after).toBe(before + (table === 'user_profiles' ? 0 : 1));
      if (kind === 'delete') expect(after).toBe(0);
      if (kind === 'update') expect(after).toBe(before);
    },
  );

  test('match_conversation_chunks: a user finds their own chunks, never another user’s', async () => {
    const search = (me: string, matchUserId: string) =>
      as('authenticated', me, (tx) =>
        tx.query<{ id: string }>(
          'select id from public.match_conversation_chunks($1::extensions.vector, $2::uuid, 10, -1)',
          [vectorParam(unitVector(1)), matchUserId],
        ),
      );
    expect(await search(userA, userA)).toHaveLength(2);
    expect(await search(userA, userB)).toEqual([]);
    expect(await search(userB, userB)).toHaveLength(2);
    expect(await search(userB, userA)).toEqual([]);
  });

  test.each([
    [
      'match_conversation_chunks',
      'select * from public.match_conversation_chunks($1::extensions.vector, $2::uuid, 5, 0)',
    ],
    [
      'chunk_search_index_name',
      'select public.chunk_search_index_name($2::uuid), $1::extensions.vector',
    ],
  ])('anon cannot call %s', async (_, statement) => {
    await expect(
      as('anon', null, (tx) => tx.query(statement, [vectorParam(unitVector(1)), userA])),
    ).rejects.toMatchObject({ sqlState: '42501' });
  });

  test('the service role reads past the policies and changes any user’s rows', async () => {
    await as('service_role', null, (tx) =>
      tx.query(`update public.user_profiles set ai_name = 'Nova' where user_id = $1::uuid`, [
        userB,
      ]),
    );
    const [profile] = await db.query<{ ai_name: string }>(
      'select ai_name from public.user_profiles where user_id = $1::uuid',
      [userB],
    );
    expect(profile?.ai_name).toBe('Nova');
    const counts = await as('service_role', null, (tx) =>
      tx.query<{ n: number }>(
        'select count(distinct user_id)::int as n from public.conversation_chunks where user_id in ($1::uuid, $2::uuid)',
        [userA, userB],
      ),
    );
    expect(counts).toEqual([{ n: 2 }]);
  });
});
