import type { DispatchJob } from '../../core/db/index.js';
import { type RetryPolicy, retryDelayMs } from '../../core/retry.js';
import type { MemoryLimits } from '../launch/launcher.js';
import { type FailureKind, USER_MESSAGES } from './user-messages.js';

export type RetryDecision =
  | { retry: true; kind: FailureKind; delayMs: number; memoryMib: number | null }
  | { retry: false; kind: FailureKind; userMessage: string; why: string };

/**
 * Whether a failed attempt gets another, from what the job or the dispatcher recorded (exit
 * code and error code), within `maxAttempts`:
 *
 * | kind            | from                                              | retried            |
 * |-----------------|---------------------------------------------------|--------------------|
 * | bad_input       | exit 2                                            | never              |
 * | config          | exit 78, CONFIG_INVALID (also a launch that cannot work) | never      |
 * | internal        | exit 1 or any other code the job chose            | never (a bug stays) |
 * | dependency      | exit 3                                            | yes                |
 * | interrupted     | exit 143, spot reclaim, a stop, a lost heartbeat  | yes                |
 * | failed_to_start | image pull, networking, a start timeout           | yes                |
 * | lost            | the container vanished or died without a code     | yes                |
 * | launch          | LAUNCH_FAILED that may work later                 | yes                |
 * | oom             | OOM kill (ECS reason, docker 137, local SIGKILL)  | once, with more memory, where the platform allows |
 *
 * The delay grows with the attempt (the project's backoff with the relaunch policy). Pure.
 */
export function decideRetry(
  job: DispatchJob,
  memory: MemoryLimits | undefined,
  policy: RetryPolicy,
): RetryDecision {
  const kind = failureKind(job);
  const giveUp = (why: string): RetryDecision => ({
    retry: false,
    kind,
    userMessage: USER_MESSAGES[kind],
    why,
  });
  if (!RETRYABLE.has(kind)) return giveUp(`${kind} failures are not retried`);
  if (job.attempt >= job.maxAttempts) return giveUp(`attempt ${job.attempt} of ${job.maxAttempts}`);
  let memoryMib = job.memoryMib;
  if (kind === 'oom') {
    const current = job.memoryMib ?? memory?.defaultMib;
    if (!memory || current === undefined || current >= memory.boostedMib) {
      return giveUp(
        memory ? 'already ran with the boosted memory' : 'no more memory on this platform',
      );
    }
    memoryMib = memory.boostedMib;
  }
  return { retry: true, kind, delayMs: retryDelayMs(job.attempt, policy), memoryMib };
}

const RETRYABLE = new Set<FailureKind>([
  'dependency',
  'interrupted',
  'failed_to_start',
  'lost',
  'launch',
  'oom',
]);

export function failureKind(job: DispatchJob): FailureKind {
  switch (job.errorCode) {
    case 'CONTAINER_OOM':
      return 'oom';
    case 'CONTAINER_INTERRUPTED':
    case 'HEARTBEAT_LOST':
      return 'interrupted';
    case 'CONTAINER_FAILED_TO_START':
      return 'failed_to_start';
    case 'CONTAINER_LOST':
      return 'lost';
    case 'LAUNCH_FAILED':
      return 'launch';
    case 'CONFIG_INVALID':
      return 'config';
    // A failed row with CANCELLED is the job stopped by SIGTERM (exit 143, checkpointed); a
    // cancel through the API leaves the row `cancelled`, which is never retried.
  }
  switch (job.exitCode) {
    case null:
      return 'lost';
    case 2:
      return 'bad_input';
    case 3:
      return 'dependency';
    case 143:
      return 'interrupted';
    case 78:
      return 'config';
    default:
      return 'internal';
  }
}
