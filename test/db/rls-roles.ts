import type { Database } from '../../core/db/database.js';

export type { ApiRole } from './database-fixtures.js';

/**
 * A URL of the suite's native database for a login role like Supabase's `authenticator`: no
 * superuser, no rights of its own (noinherit), allowed to SET ROLE to anon, authenticated and
 * service_role, as PostgREST does for every request. Roles are cluster-wide: created once,
 * whichever suite gets there first.
 */
export async function loginRoleUrl(db: Database & { readonly directUrl: string | undefined }) {
  await db.exec(`do $$
    begin
      create role authenticator login noinherit;
    exception when duplicate_object then null;
    end
    $$`);
  await db.exec('grant anon, authenticated, service_role to authenticator');
  const url = new URL(db.directUrl as string);
  url.username = 'authenticator';
  return url.toString();
}
