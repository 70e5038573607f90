import {
  DescribeTasksCommand,
  type ECSClient,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { AppError } from '../../../core/errors.js';
import { type RetryPolicy, withRetry } from '../../../core/retry.js';
import { launchFailed } from '../launch-error.js';
import type { ContainerState, Launched, Launcher, LaunchSpec, MemoryLimits } from '../launcher.js';
import { type EcsSettings, logRefFor, runTaskInput } from './ecs-run-task-input.js';
import { ecsTaskState } from './ecs-task-state.js';

export interface EcsLauncherOptions extends EcsSettings {
  /** Set when the task may be retried with more memory after an OOM kill. */
  memory: MemoryLimits | undefined;
  retry: RetryPolicy;
}

/** DescribeTasks takes at most 100 tasks per call. */
const DESCRIBE_BATCH = 100;

/**
 * A Fargate (or Fargate Spot) task per attempt. The client is built with `maxAttempts: 1`:
 * retries follow the project's policy here (RunTask is idempotent through its client token).
 */
export class EcsLauncher implements Launcher {
  readonly name = 'ecs';
  readonly memory: MemoryLimits | undefined;

  constructor(
    private readonly options: EcsLauncherOptions,
    private readonly client: ECSClient,
  ) {
    this.memory = options.memory;
  }

  async launch(spec: LaunchSpec, signal?: AbortSignal): Promise<Launched> {
    const output = await this.#send('RunTask', signal, (abortSignal) =>
      this.client.send(new RunTaskCommand(runTaskInput(this.options, spec)), { abortSignal }),
    );
    const failures = output.failures ?? [];
    const task = output.tasks?.[0];
    if (failures.length > 0 || !task?.taskArn) {
      // Capacity ("Capacity is unavailable at this time"), RESOURCE:*, AGENT: may work later.
      const why = failures.map((f) => [f.reason, f.detail].filter(Boolean).join(' ')).join('; ');
      throw launchFailed(`ECS RunTask started no task: ${why || 'no task and no failure'}.`, {
        retryable: true,
      });
    }
    return { externalId: task.taskArn, logRef: logRefFor(this.options, task.taskArn) };
  }

  async inspect(
    externalIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, ContainerState>> {
    const states = new Map<string, ContainerState>();
    for (let i = 0; i < externalIds.length; i += DESCRIBE_BATCH) {
      const batch = externalIds.slice(i, i + DESCRIBE_BATCH);
      const output = await this.#send('DescribeTasks', signal, (abortSignal) =>
        this.client.send(
          new DescribeTasksCommand({ cluster: this.options.cluster, tasks: [...batch] }),
          { abortSignal },
        ),
      );
      for (const task of output.tasks ?? []) {
        if (task.taskArn) states.set(task.taskArn, ecsTaskState(task, this.options.containerName));
      }
      for (const id of batch) {
        if (!states.has(id)) {
          const failure = output.failures?.find((f) => f.arn === id);
          states.set(id, { state: 'missing', reason: `ECS: ${failure?.reason ?? 'MISSING'}` });
        }
      }
    }
    return states;
  }

  async stop(externalId: string, reason: string, signal?: AbortSignal): Promise<void> {
    await this.#send('StopTask', signal, (abortSignal) =>
      this.client.send(
        new StopTaskCommand({
          cluster: this.options.cluster,
          task: externalId,
          reason: reason.slice(0, 255),
        }),
        { abortSignal },
      ),
    );
  }

  #send<T>(
    operation: string,
    signal: AbortSignal | undefined,
    call: (abortSignal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await call(signal);
        } catch (error) {
          throw ecsError(operation, error);
        }
      },
      { policy: this.options.retry, ...(signal ? { signal } : {}) },
    );
  }
}

/** Throttling, 5xx and network failures are retryable; modeled client errors are not. */
function ecsError(operation: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const retryable =
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    e.name === 'ThrottlingException' ||
    e.name === 'ServerException';
  return launchFailed(`ECS ${operation} failed: ${e.name ?? 'Error'}: ${e.message ?? ''}`.trim(), {
    retryable,
    cause: error,
  });
}
