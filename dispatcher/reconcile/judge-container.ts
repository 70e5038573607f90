import type { DispatchJob } from '../../core/db/index.js';
import type { ErrorCode } from '../../core/errors.js';
import type { ContainerState } from '../launch/launcher.js';

/** An attempt that ended (or must be ended) without the job recording its outcome. */
export interface Death {
  exitCode: number | null;
  errorCode: ErrorCode;
  /** For import_jobs.error_message and the logs: the platform's words, never shown to users. */
  message: string;
  /** The container still runs (hung, or never got going): stop it after recording. */
  stopContainer: boolean;
}

export interface WatchLimits {
  /** A running job whose last heartbeat is older than this is taken as hung. */
  heartbeatTimeoutMs: number;
  /** A launched job that has not marked itself running after this long never started. */
  startTimeoutMs: number;
  /** Right after a launch a platform may not list the container yet (ECS: eventual consistency). */
  missingGraceMs: number;
}

/**
 * Compares a launched, unfinished job with what its platform says. Undefined: all is well (or
 * too early to say). Otherwise the death to record. Pure.
 */
export function judgeContainer(
  job: DispatchJob,
  container: ContainerState,
  now: number,
  limits: WatchLimits,
): Death | undefined {
  const launchedAt = (job.launchedAt ?? job.createdAt).getTime();
  switch (container.state) {
    case 'pending':
    case 'running': {
      if (job.status === 'running') {
        const last = (
          job.heartbeatAt ??
          job.startedAt ??
          job.launchedAt ??
          job.createdAt
        ).getTime();
        if (now - last <= limits.heartbeatTimeoutMs) return undefined;
        return {
          exitCode: null,
          errorCode: 'HEARTBEAT_LOST',
          message: `No heartbeat for ${seconds(now - last)} s (limit ${seconds(limits.heartbeatTimeoutMs)} s); the container was stopped.`,
          stopContainer: true,
        };
      }
      if (now - launchedAt <= limits.startTimeoutMs) return undefined;
      return {
        exitCode: null,
        errorCode: 'CONTAINER_FAILED_TO_START',
        message: `The job did not start within ${seconds(limits.startTimeoutMs)} s of its launch (platform state: ${container.state}); the container was stopped.`,
        stopContainer: true,
      };
    }
    case 'missing':
      if (now - launchedAt <= limits.missingGraceMs) return undefined;
      return {
        exitCode: null,
        errorCode: 'CONTAINER_LOST',
        message: `The container is gone without the job recording an outcome (${container.reason}).`,
        stopContainer: false,
      };
    case 'exited': {
      const how = container.reason ?? `exit code ${container.exitCode ?? 'unknown'}`;
      return {
        exitCode: container.exitCode,
        errorCode: EXIT_CAUSE_CODES[container.cause],
        message: `The container stopped without the job recording an outcome: ${how}.`,
        stopContainer: false,
      };
    }
  }
}

const EXIT_CAUSE_CODES: Record<Extract<ContainerState, { state: 'exited' }>['cause'], ErrorCode> = {
  exit: 'CONTAINER_EXITED',
  unknown: 'CONTAINER_EXITED',
  oom: 'CONTAINER_OOM',
  interrupted: 'CONTAINER_INTERRUPTED',
  stopped: 'CONTAINER_INTERRUPTED',
  failed_to_start: 'CONTAINER_FAILED_TO_START',
};

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
