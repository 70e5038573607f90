import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { migrate } from '../../core/db/migrate.js';
import { createPglite, pgliteDatabase } from '../../core/db/pglite-database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { createNativeDatabase } from '../support/native-postgres.js';
import type { OpenedDatabase } from './database-fixtures.js';

/** How each target of database-fixtures.ts opens a fresh database of its own. */

export async function openInProcess(options: { migrated?: boolean } = {}): Promise<OpenedDatabase> {
  const pg = await createPglite('memory://');
  const db = pgliteDatabase(pg, { describe: 'the in-memory embedded database' });
  if (options.migrated !== false) await migrate(db);
  return { db, close: () => db.close() };
}

/**
 * PGlite's socket server (@electric-sql/pglite-socket 0.2.17) runs every connection on PGlite's
 * single backend. With `maxConnections` > 1 it interleaves the extended-protocol messages of
 * concurrent connections one message at a time (it only keeps an explicit BEGIN...COMMIT block
 * together), so a Parse/Bind/Execute of one connection can land between another's: postgres.js
 * then fails with protocol errors ('The value of "offset" is out of range') on mixed queries
 * from 2+ connections. With the default `maxConnections: 1`, a second client is not refused but
 * waits until the first disconnects. So: one server connection and a postgres.js pool of 1
 * (queries pipeline on it correctly); a dispatcher and several job processes cannot share one
 * embedded database this way, they need real Postgres.
 */
export async function openOverSocket(
  options: { migrated?: boolean } = {},
): Promise<OpenedDatabase> {
  const pg: PGlite = await createPglite('memory://');
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const db = await openPostgresDatabase({
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    maxConnections: 1,
  });
  if (options.migrated !== false) await migrate(db);
  return {
    db,
    close: async () => {
      await db.close();
      await server.stop();
      await pg.close();
    },
  };
}

/** A database of its own on the shared native cluster, direct. */
export async function openNative(options: { migrated?: boolean } = {}): Promise<OpenedDatabase> {
  const created = await createNativeDatabase(options);
  const db = await openPostgresDatabase({ url: created.url, maxConnections: 4 }).catch(
    async (error: unknown) => {
      await created.drop();
      throw error;
    },
  );
  return { db, directUrl: created.url, close: () => db.close().finally(created.drop) };
}

/** The same, reached through pgbouncer in transaction mode (prepared statements off). */
export async function openThroughPooler(
  options: { migrated?: boolean } = {},
): Promise<OpenedDatabase> {
  const created = await createNativeDatabase(options);
  const db = await openPostgresDatabase({
    url: created.poolerUrl as string,
    maxConnections: 4,
  }).catch(async (error: unknown) => {
    await created.drop();
    throw error;
  });
  return { db, directUrl: created.url, close: () => db.close().finally(created.drop) };
}
