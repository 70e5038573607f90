import type { Database } from './database.js';

/**
 * Makes sure `userId` exists in auth.users, for the embedded/local mode where there is no
 * Supabase Auth to create users. Not for production: there, users come from Supabase Auth.
 */
export async function ensureLocalUser(db: Database, userId: string): Promise<void> {
  await db.query(
    'insert into auth.users (id) values ($1::uuid) on conflict (id) do nothing',
    [userId],
    { operation: 'create the local user' },
  );
}

/** True when `userId` is a user of the database (auth.users: Supabase Auth, or a local user). */
export async function userExists(db: Database, userId: string): Promise<boolean> {
  const rows = await db.query('select 1 from auth.users where id = $1::uuid', [userId], {
    operation: 'look up the user',
  });
  return rows.length > 0;
}
