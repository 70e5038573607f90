import { type Database, openDatabase } from '../core/db/index.js';
import type { DispatcherConfig } from './config.js';
import { hostEmbeddedDatabase } from './embedded-db/host-embedded-database.js';

export interface DispatcherDatabase {
  db: Database;
  /** Set when the dispatcher hosts the embedded database: what local jobs connect to. */
  jobDatabaseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * With DATABASE_URL, everyone (dispatcher and jobs) uses that Postgres. Without it, the
 * dispatcher opens the embedded database in-process and serves it to local jobs on loopback.
 */
export async function openDispatcherDatabase(
  config: DispatcherConfig,
): Promise<DispatcherDatabase> {
  if (config.database.kind === 'postgres') {
    const db = await openDatabase(config.database);
    return { db, jobDatabaseUrl: undefined, close: () => db.close() };
  }
  return hostEmbeddedDatabase({ dataDir: config.database.dataDir, port: config.embeddedDbPort });
}
