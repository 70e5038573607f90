import type { Database } from '../../core/db/index.js';
import type { Logger } from '../../core/log.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { Launcher } from '../launch/launcher.js';
import type { WatchLimits } from './judge-container.js';

export interface ReconcileSettings {
  /** This dispatcher's lease owner id (host, pid, random). */
  owner: string;
  /** Global cap on jobs launching or running, across replicas. */
  maxActive: number;
  /** Jobs launched per pass. */
  launchBatch: number;
  limits: WatchLimits;
  /** Backoff between attempts of a job (the project's backoff, with minutes not seconds). */
  relaunch: RetryPolicy;
}

export interface ReconcileDeps {
  db: Database;
  launcher: Launcher;
  logger: Logger;
  settings: ReconcileSettings;
  /** For tests. */
  now?: () => number;
}

/** Lease lengths: long enough for one pass's platform calls, short enough to recover. */
export const LAUNCH_LEASE_MS = 120_000;
export const WATCH_LEASE_MS = 60_000;
