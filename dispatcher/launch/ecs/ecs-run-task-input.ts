import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import type { LaunchSpec } from '../launcher.js';

export type EcsCapacity = 'fargate' | 'fargate_spot' | 'spot_then_on_demand';

export interface EcsSettings {
  cluster: string;
  /** `family`, `family:revision` or an ARN (infra/ecs/task-definition.json). */
  taskDefinition: string;
  /** The job container's name in the task definition. */
  containerName: string;
  subnets: readonly string[];
  securityGroups: readonly string[];
  assignPublicIp: boolean;
  /** `spot_then_on_demand`: the first attempt on Fargate Spot, retries on on-demand Fargate. */
  capacity: EcsCapacity;
  /** ≤128 of `[A-Za-z0-9-/_]`; ListTasks can filter on it. */
  startedBy: string;
  /** Task-level CPU units to pair with a boosted memory (a valid Fargate combination). */
  boostedCpu: number | undefined;
  ephemeralStorageGib: number | undefined;
  /** The awslogs group and stream prefix of the task definition, for the log reference. */
  logGroup: string | undefined;
  logStreamPrefix: string;
}

/**
 * The idempotency token: RunTask with the same token returns the original task for 24 h, so a
 * launch retried after a timeout never starts a second container. It includes the attempt: a
 * retry of the job is a new task (the same token would return the stopped one).
 */
export function clientTokenFor(spec: LaunchSpec): string {
  return `${spec.jobId}.${spec.attempt}`;
}

export function usesSpot(settings: EcsSettings, spec: LaunchSpec): boolean {
  return (
    settings.capacity === 'fargate_spot' ||
    (settings.capacity === 'spot_then_on_demand' && spec.attempt === 1)
  );
}

/**
 * RunTask for one attempt. The overrides hold only the job id (and, after an OOM kill, the
 * memory): DescribeTasks and EventBridge echo them, so secrets come from the task definition.
 * Pure.
 */
export function runTaskInput(settings: EcsSettings, spec: LaunchSpec): RunTaskCommandInput {
  const memory = spec.memoryMib ?? undefined;
  return {
    cluster: settings.cluster,
    taskDefinition: settings.taskDefinition,
    count: 1,
    clientToken: clientTokenFor(spec),
    startedBy: settings.startedBy,
    ...(usesSpot(settings, spec)
      ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
      : { launchType: 'FARGATE' }),
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...settings.subnets],
        ...(settings.securityGroups.length > 0
          ? { securityGroups: [...settings.securityGroups] }
          : {}),
        assignPublicIp: settings.assignPublicIp ? 'ENABLED' : 'DISABLED',
      },
    },
    overrides: {
      containerOverrides: [
        {
          name: settings.containerName,
          command: ['run', '--job-id', spec.jobId],
          ...(memory !== undefined ? { memory } : {}),
        },
      ],
      ...(memory !== undefined ? { memory: String(memory) } : {}),
      ...(memory !== undefined && settings.boostedCpu !== undefined
        ? { cpu: String(settings.boostedCpu) }
        : {}),
      ...(settings.ephemeralStorageGib !== undefined
        ? { ephemeralStorage: { sizeInGiB: settings.ephemeralStorageGib } }
        : {}),
    },
    tags: [
      { key: 'soulprint:job-id', value: spec.jobId },
      { key: 'soulprint:attempt', value: String(spec.attempt) },
    ],
    propagateTags: 'TASK_DEFINITION',
    enableECSManagedTags: true,
  };
}

/** `cloudwatch:<group>:<prefix>/<container>/<task id>`: the awslogs stream of the task. */
export function logRefFor(settings: EcsSettings, taskArn: string): string | null {
  if (!settings.logGroup) return null;
  const taskId = taskArn.split('/').pop() ?? taskArn;
  return `cloudwatch:${settings.logGroup}:${settings.logStreamPrefix}/${settings.containerName}/${taskId}`;
}
