import type { Task } from '@aws-sdk/client-ecs';
import type { ContainerState, ExitCause } from '../launcher.js';

const NOT_STARTED =
  /^(ResourceInitializationError|CannotPullContainerError|CannotStartContainerError|CannotCreateVolumeError)/;

/**
 * What a DescribeTasks task says about the job, following AWS's stopped-task error codes. The
 * OOM reason is read first: it can come with exit code 0 or 1 (aws/amazon-ecs-agent#2467).
 * Until STOPPED the task counts as running (its exit details are final only then). Pure.
 */
export function ecsTaskState(task: Task, containerName: string): ContainerState {
  const status = task.lastStatus ?? 'PROVISIONING';
  if (status === 'PROVISIONING' || status === 'PENDING' || status === 'ACTIVATING') {
    return { state: 'pending' };
  }
  if (status !== 'STOPPED' && status !== 'DELETED') return { state: 'running' };
  const container = task.containers?.find((c) => c.name === containerName) ?? task.containers?.[0];
  const exitCode = container?.exitCode ?? null;
  const reason =
    [task.stopCode, task.stoppedReason, container?.reason].filter(Boolean).join(': ') || null;
  return { state: 'exited', exitCode, cause: exitCause(task, container?.reason), reason };
}

function exitCause(task: Task, containerReason: string | undefined): ExitCause {
  if (containerReason?.startsWith('OutOfMemoryError')) return 'oom';
  switch (task.stopCode) {
    case 'SpotInterruption':
    case 'TerminationNotice':
    case 'InfrastructureHealth':
    case 'ServiceSchedulerInitiated':
      return 'interrupted';
    case 'TaskFailedToStart':
      return 'failed_to_start';
    case 'UserInitiated':
      return 'stopped';
  }
  if (NOT_STARTED.test(task.stoppedReason ?? '') || NOT_STARTED.test(containerReason ?? '')) {
    return 'failed_to_start';
  }
  return 'exit';
}
