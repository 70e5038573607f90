/** A fresh, migrated PGlite database for one `npm run bench:db` measurement. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Database } from '../../core/db/database.js';
import { ensureLocalUser } from '../../core/db/local-user.js';
import { migrate } from '../../core/db/migrate.js';
import { createPglite, describeDataDir, pgliteDatabase } from '../../core/db/pglite-database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';

export type AdapterKind = 'in-process' | 'socket';

export interface Target {
  adapter: string;
  db: Database;
  ref: { userId: string; importId: string };
  close(): Promise<void>;
}

/**
 * A fresh database in a temporary directory (the embedded default lives on disk; PGlite's
 * in-memory file system is slower for tables this size), migrated, with one user.
 */
export async function openTarget(kind: AdapterKind, keepHnsw = false): Promise<Target> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'soulprint-bench-'));
  const pg = await createPglite(dataDir);
  let db: Database;
  let server: PGLiteSocketServer | undefined;
  if (kind === 'in-process') {
    db = pgliteDatabase(pg, { describe: describeDataDir(dataDir) });
  } else {
    // One connection: PGlite's socket server is not safe with concurrent connections.
    server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    db = await openPostgresDatabase({ url, maxConnections: 1 });
  }
  await migrate(db);
  if (!keepHnsw) await db.exec('drop index public.conversation_chunks_embedding_hnsw');
  const ref = { userId: randomUUID(), importId: randomUUID() };
  await ensureLocalUser(db, ref.userId);
  return {
    adapter: kind === 'in-process' ? 'PGlite in-process' : 'postgres.js -> pglite-socket',
    db,
    ref,
    close: async () => {
      await db.close();
      await server?.stop();
      if (!pg.closed) await pg.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
