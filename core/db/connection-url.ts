/**
 * What a Postgres connection URL says about the connection behind it. Supabase offers three
 * strings: the direct connection (`db.<ref>.supabase.co:5432`), the pooler in session mode
 * (`<region>.pooler.supabase.com:5432`) and the pooler in transaction mode (port 6543), which
 * behaves like pgbouncer's `pool_mode = transaction`: each transaction may run on a different
 * server connection, so nothing may outlive a transaction (named prepared statements, session
 * `SET`, session advisory locks, `LISTEN`, temp tables). `?pgbouncer=true` (the convention
 * Prisma and Supabase's docs use) marks any other URL as such a pooler.
 */

/** The Supabase pooler's transaction-mode port. */
export const SUPABASE_TRANSACTION_POOLER_PORT = '6543';

/** Our marker parameter; not a Postgres setting, so it is removed before connecting. */
const POOLER_PARAM = 'pgbouncer';

/** True when the URL reaches Postgres through a pooler in transaction mode. */
export function isTransactionPoolerUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.searchParams.get(POOLER_PARAM)?.toLowerCase() === 'true') return true;
  return parsed.port === SUPABASE_TRANSACTION_POOLER_PORT;
}

/** The URL the driver gets: without `pgbouncer=...`, which it would send as a server setting. */
export function driverUrl(url: string): string {
  const parsed = parse(url);
  if (!parsed?.searchParams.has(POOLER_PARAM)) return url;
  parsed.searchParams.delete(POOLER_PARAM);
  return parsed.toString();
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
