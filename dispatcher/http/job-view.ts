import type { DispatchJob } from '../../core/db/index.js';
import type { Principal } from './principal.js';

/** A job as the API shows it: its owner sees status and progress; the service also sees platform details. */
export function jobView(job: DispatchJob, principal: Principal): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: job.id,
    userId: job.userId,
    status: job.status,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    stage: job.stage,
    progress: job.progress,
    createdAt: job.createdAt.toISOString(),
    launchedAt: iso(job.launchedAt),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    heartbeatAt: iso(job.heartbeatAt),
    exitCode: job.exitCode,
    errorCode: job.errorCode,
  };
  if (principal.kind !== 'service') return view;
  return {
    ...view,
    launcher: job.launcher,
    externalId: job.externalId,
    logRef: job.logRef,
    errorMessage: job.errorMessage,
    metrics: job.metrics,
  };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
