import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database.js';
import type { DatabaseConfig } from './database-config.js';
import { migrate } from './migrate.js';
import { findPackageRoot } from './migration-files.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

/**
 * Brings an embedded (PGlite) database up to date: the migrations (a no-op when applied), then
 * what the embedded database does differently (infra/db/embedded-profile.sql explains).
 */
export async function prepareEmbeddedDatabase(db: Database): Promise<void> {
  await migrate(db);
  const profile = path.join(findPackageRoot(), 'infra', 'db', 'embedded-profile.sql');
  await db.exec(await readFile(profile, 'utf8'), { operation: 'apply the embedded profile' });
}

/**
 * Opens the configured database. The embedded one is brought up to date on open (bootstrap +
 * migrations, a no-op when already applied, then infra/db/embedded-profile.sql); Postgres is migrated by operators
 * (`npm run migrate`, or `supabase db push`), never implicitly.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    return openPostgresDatabase({
      url: config.url,
      maxConnections: config.maxConnections,
      prepare: config.prepare,
    });
  }
  const db = await openPgliteDatabase(config.dataDir);
  try {
    await prepareEmbeddedDatabase(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
