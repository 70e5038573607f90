import { type Job, type JobRecord, toJob } from './import-jobs.js';

/**
 * An import_jobs row as the dispatcher sees it: the job's own columns plus what the dispatcher
 * records per attempt (launched_at, memory_mib, settled_at; migration 20261129000008).
 */
export interface DispatchJob extends Job {
  launchedAt: Date | null;
  memoryMib: number | null;
  settledAt: Date | null;
}

export interface DispatchJobRecord extends JobRecord {
  launched_at: Date | null;
  memory_mib: number | null;
  settled_at: Date | null;
}

export function toDispatchJob(row: DispatchJobRecord): DispatchJob {
  return {
    ...toJob(row),
    launchedAt: row.launched_at,
    memoryMib: row.memory_mib,
    settledAt: row.settled_at,
  };
}
