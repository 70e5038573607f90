/**
 * The port every platform sits behind. The reconciler launches an attempt, asks what became of
 * the containers it launched, and stops one; it never knows which platform it talks to.
 * Adapters: local (a child process), docker, render (one-off jobs), ecs (Fargate RunTask).
 */

export type LauncherName = 'local' | 'docker' | 'render' | 'ecs';

/** One attempt of one import. The container receives only the job id (`run --job-id`). */
export interface LaunchSpec {
  jobId: string;
  attempt: number;
  /** Memory to ask for, when not the platform's default (a retry after an OOM kill). */
  memoryMib: number | null;
}

export interface Launched {
  /** The platform's id: ECS task ARN, Render job id, docker container name, local pid. */
  externalId: string;
  /** Where the attempt's logs are: `file:…`, `cloudwatch:<group>:<stream>`, `render:<job id>`. */
  logRef: string | null;
}

/** What the platform says about a container. */
export type ContainerState =
  | { state: 'pending' }
  | { state: 'running' }
  | {
      state: 'exited';
      /** The process's exit code, when the platform reports one. */
      exitCode: number | null;
      /** How it ended, as far as the platform can tell. */
      cause: ExitCause;
      /** The platform's words (ECS stoppedReason / container reason, a signal name). */
      reason: string | null;
    }
  /** The platform does not know it (never created, expired from its history, lost). */
  | { state: 'missing'; reason: string };

export type ExitCause =
  /** The process exited by itself; `exitCode` says how. */
  | 'exit'
  /** Killed for using too much memory. */
  | 'oom'
  /** Stopped by the platform: spot reclaim, host maintenance, a deploy. */
  | 'interrupted'
  /** Never ran: image pull, secrets, networking, capacity. */
  | 'failed_to_start'
  /** Stopped on request (ours: a cancel or a timeout). */
  | 'stopped'
  /** Ended, but the platform does not say how (Render's `failed`). */
  | 'unknown';

/** What a platform can give an attempt that ran out of memory. */
export interface MemoryLimits {
  /** What an attempt gets by default. */
  defaultMib: number;
  /** What the one retry after an OOM kill gets. */
  boostedMib: number;
}

export interface Launcher {
  readonly name: LauncherName;
  /** Undefined: this platform cannot give a retry more memory. */
  readonly memory: MemoryLimits | undefined;
  /** Starts the attempt's container. Throws AppError LAUNCH_FAILED (retryable or not). */
  launch(spec: LaunchSpec, signal?: AbortSignal): Promise<Launched>;
  /** The state of each container; ids the platform does not know come back `missing`. */
  inspect(
    externalIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, ContainerState>>;
  /** Asks the container to stop (SIGTERM, then the platform's kill). Already gone is fine. */
  stop(externalId: string, reason: string, signal?: AbortSignal): Promise<void>;
}
