import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { type DataDirLock, lockDataDir } from '../../core/db/data-dir-lock.js';
import type { Database } from '../../core/db/index.js';
import { createPglite, pgliteDatabase } from '../../core/db/index.js';
import { prepareEmbeddedDatabase } from '../../core/db/open-database.js';
import { describeDataDir } from '../../core/db/pglite-database.js';
import { BackendGate } from './backend-gate.js';
import { gatedDatabase } from './gated-database.js';
import { SocketSidePglite } from './socket-side-pglite.js';

export interface EmbeddedDatabaseHost {
  /** For the dispatcher's own queries: in-process, behind the gate. */
  db: Database;
  /** What local jobs get as DATABASE_URL: the socket server on loopback. */
  jobDatabaseUrl: string;
  close(): Promise<void>;
}

export interface HostOptions {
  /** A directory, or `memory://` (tests, the benchmark). */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * A socket client silent this long is disconnected (its open transaction rolled back), so a
   * job hung inside a transaction cannot hold the dispatcher's database forever.
   */
  idleTimeoutMs?: number;
  /** How often to look for a client that left in the middle of a message sequence. */
  watchdogMs?: number;
}

/**
 * The embedded database when there is no DATABASE_URL: PGlite in this process (migrated on
 * open, as `openDatabase` does), and PGlite's socket server on 127.0.0.1 for local jobs.
 *
 * The socket server serves one client connection at a time (a second waits until the first
 * disconnects), so local jobs run one at a time in this mode, each with a pool of one.
 */
export async function hostEmbeddedDatabase(options: HostOptions): Promise<EmbeddedDatabaseHost> {
  const describe = describeDataDir(options.dataDir);
  const lock = options.dataDir.startsWith('memory://')
    ? undefined
    : await lockDirectory(options.dataDir, describe);
  const pg = await createPglite(options.dataDir).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  const inner = pgliteDatabase(pg, { describe, onClose: lock?.release });
  try {
    await prepareEmbeddedDatabase(inner);
  } catch (error) {
    await inner.close().catch(() => {});
    throw error;
  }

  const gate = new BackendGate();
  const socketSide = new SocketSidePglite(pg, gate);
  const server = new PGLiteSocketServer({
    db: socketSide.facade(),
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: 1,
    idleTimeout: options.idleTimeoutMs ?? 60_000,
  });
  server.addEventListener('connection', () => socketSide.noteConnection());
  await server.start();
  // Two looks in a row with nobody connected: the departing client's own clean-up (a few
  // milliseconds) is over, so what still holds the gate is an orphan.
  let emptyLooks = 0;
  const watchdog = setInterval(() => {
    emptyLooks = server.getStats().activeConnections === 0 ? emptyLooks + 1 : 0;
    if (emptyLooks >= 2) void socketSide.recoverOrphan();
  }, options.watchdogMs ?? 500);
  watchdog.unref();

  const db = gatedDatabase(inner, gate);
  return {
    db,
    jobDatabaseUrl: `postgres://postgres@${server.getServerConn()}/postgres`,
    close: async () => {
      clearInterval(watchdog);
      await server.stop();
      await socketSide.recoverOrphan();
      await db.close();
    },
  };
}

async function lockDirectory(dataDir: string, describe: string): Promise<DataDirLock> {
  const absolute = path.resolve(dataDir);
  await mkdir(absolute, { recursive: true });
  return lockDataDir(absolute, describe);
}
