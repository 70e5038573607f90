/** A fresh, migrated database for one `npm run bench:db` measurement. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../core/db/database.js';
import { ensureLocalUser } from '../../core/db/local-user.js';
import { migrate } from '../../core/db/migrate.js';
import { prepareEmbeddedDatabase } from '../../core/db/open-database.js';
import { createPglite, describeDataDir, pgliteDatabase } from '../../core/db/pglite-database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import { createBenchDatabase } from '../native-database.js';

export type TargetKind = 'native' | 'pglite';

export interface Target {
  kind: TargetKind;
  name: string;
  db: Database;
  ref: { userId: string; importId: string };
  close(): Promise<void>;
}

/**
 * Native: a new database on the server `serverUrl` names, migrated (the Supabase shape).
 * PGlite: the embedded default, in a temporary directory (it lives on disk; PGlite's in-memory
 * file system is slower for tables this size), prepared as the job prepares it.
 */
export async function openTarget(kind: TargetKind, serverUrl: string | null): Promise<Target> {
  const ref = { userId: randomUUID(), importId: randomUUID() };
  if (kind === 'native') {
    if (!serverUrl) throw new Error('native target without DATABASE_URL');
    const created = await createBenchDatabase(serverUrl, 'soulprint_bench_db', { reuse: false });
    const db = await openPostgresDatabase({ url: created.url, maxConnections: 2 });
    await migrate(db);
    await ensureLocalUser(db, ref.userId);
    return { kind, name: 'native Postgres', db, ref, close: () => db.close() };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'soulprint-bench-'));
  const pg = await createPglite(dataDir);
  const db = pgliteDatabase(pg, { describe: describeDataDir(dataDir) });
  await prepareEmbeddedDatabase(db);
  await ensureLocalUser(db, ref.userId);
  return {
    kind,
    name: 'PGlite in-process',
    db,
    ref,
    close: async () => {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
