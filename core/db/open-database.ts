import type { Database } from './database.js';
import type { DatabaseConfig } from './database-config.js';
import { migrate } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

/**
 * Opens the configured database. The embedded one is brought up to date on open (bootstrap +
 * migrations, a no-op when already applied); Postgres is migrated by operators
 * (`npm run migrate`, or `supabase db push`), never implicitly.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    return openPostgresDatabase({ url: config.url, maxConnections: config.maxConnections });
  }
  const db = await openPgliteDatabase(config.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
