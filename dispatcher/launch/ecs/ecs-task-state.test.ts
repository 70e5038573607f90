import { describe, expect, it } from 'vitest';
import { ecsTaskState } from './ecs-task-state.js';

describe('ECS task states', () => {
  it.each(['PROVISIONING', 'PENDING', 'ACTIVATING'])('%s is pending', (lastStatus) => {
    expect(ecsTaskState({ lastStatus }, 'job')).toEqual({ state: 'pending' });
  });

  it.each(['RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING'])(
    '%s counts as running',
    (lastStatus) => {
      expect(ecsTaskState({ lastStatus }, 'job')).toEqual({ state: 'running' });
    },
  );

  it.each([
    [{ stopCode: 'EssentialContainerExited' }, { exitCode: 3 }, 'exit'],
    [
      { stopCode: 'EssentialContainerExited' },
      { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
      'oom',
    ],
    [{ stopCode: 'TerminationNotice' }, { exitCode: 143 }, 'interrupted'],
    [
      {
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'ResourceInitializationError: unable to pull secrets or registry auth',
      },
      {},
      'failed_to_start',
    ],
    [
      {
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      },
      {},
      'failed_to_start',
    ],
    [{ stopCode: 'UserInitiated', stoppedReason: 'cancelled' }, { exitCode: 143 }, 'stopped'],
  ] as const)('a task stopped with %o and container %o ended by %s', (task, container, cause) => {
    const state = ecsTaskState(
      {
        lastStatus: 'STOPPED',
        ...task,
        containers: [
          { name: 'sidecar', exitCode: 0 },
          { name: 'job', ...container },
        ],
      },
      'job',
    );
    expect(state).toMatchObject({
      state: 'exited',
      cause,
      exitCode: 'exitCode' in container ? container.exitCode : null,
    });
  });
});
