import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { serve } from '@hono/node-server';
import type { Database } from '../core/db/index.js';
import { findPackageRoot } from '../core/db/migration-files.js';
import { createLogger, type Logger } from '../core/log.js';
import { DEFAULT_RETRY_POLICY } from '../core/retry.js';
import type { DispatcherConfig } from './config.js';
import { createAuthenticator } from './http/authenticate.js';
import { createApp } from './http/create-app.js';
import { SERVER_LIMITS } from './http/server-limits.js';
import { ImportService } from './imports/import-service.js';
import { createLauncher } from './launch/create-launcher.js';
import type { Launcher } from './launch/launcher.js';
import { openDispatcherDatabase } from './open-dispatcher-database.js';
import { Reconciler } from './reconcile/reconciler.js';

export interface RunningDispatcher {
  /** http://<host>:<port> */
  url: string;
  db: Database;
  launcher: Launcher;
  reconciler: Reconciler;
  /** Stops taking requests, the reconciler, local jobs, then closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Replaces the configured launcher (the benchmark's recorder; tests). */
  launcher?: Launcher;
}

/** Wires the dispatcher from its configuration and starts serving (main, the e2e test, the benchmark). */
export async function startDispatcher(
  config: DispatcherConfig,
  options: StartOptions = {},
): Promise<RunningDispatcher> {
  const logger = options.logger ?? createLogger({ service: 'dispatcher', level: config.logLevel });
  const database = await openDispatcherDatabase(config);
  const { db } = database;
  const created = createLauncher(config.launcher, {
    jobDatabaseUrl: database.jobDatabaseUrl,
    oneAtATime: database.jobDatabaseUrl !== undefined,
    storageDir: config.storageDir,
    jobLogDir: config.jobLogDir,
    cwd: findPackageRoot(),
  });
  const launcher = options.launcher ?? created.launcher;
  const reconciler = new Reconciler(
    {
      db,
      launcher,
      logger: logger.child({ component: 'reconciler' }),
      settings: {
        owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
        maxActive: config.reconcile.maxActive,
        launchBatch: 10,
        limits: {
          heartbeatTimeoutMs: config.reconcile.heartbeatTimeoutMs,
          startTimeoutMs: config.reconcile.startTimeoutMs,
          missingGraceMs: 60_000,
        },
        relaunch: {
          ...DEFAULT_RETRY_POLICY,
          baseDelayMs: config.reconcile.retryBaseDelayMs,
          maxDelayMs: config.reconcile.retryMaxDelayMs,
        },
      },
    },
    config.reconcile.intervalMs,
  );
  const imports = new ImportService(
    { db, launchNow: (jobId) => reconciler.launchNow(jobId), kick: () => reconciler.kick() },
    { launcherName: launcher.name, ...config.imports },
  );
  const app = createApp({
    db,
    logger,
    authenticate: createAuthenticator(config.auth),
    imports,
    corsAllowedOrigins: config.corsAllowedOrigins,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      { fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: SERVER_LIMITS },
      () => resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  reconciler.start();
  logger.info({
    msg: 'dispatcher started',
    url,
    launcher: launcher.name,
    database: db.describe,
    maxConcurrentJobs: config.reconcile.maxActive,
  });
  return {
    url,
    db,
    launcher,
    reconciler,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reconciler.stop();
      await created.stopChildren();
      await database.close();
      logger.info({ msg: 'dispatcher stopped' });
    },
  };
}
