import { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeEcsApi } from '../../../test/fakes/ecs-api-server.js';
import { EcsLauncher, type EcsLauncherOptions } from './ecs-launcher.js';

const JOB = '0b6c7a3e-8a53-4a4e-9e1f-5d2c0c6c1a11';
let ecs: FakeEcsApi;
let client: ECSClient;

beforeAll(async () => {
  ecs = await new FakeEcsApi().listen();
  client = new ECSClient({
    region: 'us-east-1',
    endpoint: ecs.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await ecs?.close();
});
beforeEach(() => {
  ecs.server.requests.length = 0;
});

const OPTIONS: EcsLauncherOptions = {
  cluster: 'imports',
  taskDefinition: 'soulprint-import-job',
  containerName: 'job',
  subnets: ['subnet-a', 'subnet-b'],
  securityGroups: ['sg-1'],
  assignPublicIp: false,
  capacity: 'spot_then_on_demand',
  startedBy: 'soulprint-dispatcher',
  boostedCpu: 2048,
  ephemeralStorageGib: undefined,
  logGroup: '/soulprint/import-job',
  logStreamPrefix: 'job',
  memory: { defaultMib: 4096, boostedMib: 8192 },
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 },
};

const launcher = () => new EcsLauncher(OPTIONS, client);

describe('the ECS launcher', () => {
  it('runs a Fargate Spot task whose overrides hold only the job id', async () => {
    const launched = await launcher().launch({ jobId: JOB, attempt: 1, memoryMib: null });
    expect(launched.externalId).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/imports\//);
    const taskId = launched.externalId.split('/').pop();
    expect(launched.logRef).toBe(`cloudwatch:/soulprint/import-job:job/job/${taskId}`);
    const [request] = ecs.server.requests;
    expect(request?.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.RunTask');
    expect(request?.body).toEqual({
      cluster: 'imports',
      taskDefinition: 'soulprint-import-job',
      count: 1,
      clientToken: `${JOB}.1`,
      startedBy: 'soulprint-dispatcher',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-a', 'subnet-b'],
          securityGroups: ['sg-1'],
          assignPublicIp: 'DISABLED',
        },
      },
      overrides: { containerOverrides: [{ name: 'job', command: ['run', '--job-id', JOB] }] },
      tags: [
        { key: 'soulprint:job-id', value: JOB },
        { key: 'soulprint:attempt', value: '1' },
      ],
      propagateTags: 'TASK_DEFINITION',
      enableECSManagedTags: true,
    });
    expect(JSON.stringify(request?.body)).not.toMatch(/environment|secret|password/i);
  });

  it('is idempotent: a repeated launch of the same attempt returns the same task', async () => {
    const first = await launcher().launch({ jobId: JOB, attempt: 7, memoryMib: null });
    const again = await launcher().launch({ jobId: JOB, attempt: 7, memoryMib: null });
    expect(again.externalId).toBe(first.externalId);
    expect(ecs.tasks.size).toBeGreaterThan(0);
  });

  it('runs a retry on on-demand Fargate with the boosted memory after an OOM kill', async () => {
    await launcher().launch({ jobId: JOB, attempt: 2, memoryMib: 8192 });
    const body = ecs.server.requests[0]?.body as Record<string, unknown>;
    expect(body.launchType).toBe('FARGATE');
    expect(body.capacityProviderStrategy).toBeUndefined();
    expect(body.clientToken).toBe(`${JOB}.2`);
    expect(body.overrides).toEqual({
      containerOverrides: [{ name: 'job', command: ['run', '--job-id', JOB], memory: 8192 }],
      memory: '8192',
      cpu: '2048',
    });
  });

  it('treats failures[] in a successful answer as a retryable launch failure', async () => {
    ecs.server.reply({
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: {
        tasks: [],
        failures: [
          {
            reason:
              'Capacity is unavailable at this time. Please try again later or in a different availability zone',
          },
        ],
      },
    });
    await expect(
      launcher().launch({ jobId: JOB, attempt: 3, memoryMib: null }),
    ).rejects.toMatchObject({
      code: 'LAUNCH_FAILED',
      retryable: true,
      message: expect.stringContaining('Capacity is unavailable'),
    });
  });

  it('retries throttling, and fails a client error at once', async () => {
    const throttled = {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
    };
    ecs.server.reply(throttled);
    const launched = await launcher().launch({ jobId: JOB, attempt: 4, memoryMib: null });
    expect(launched.externalId).toContain('task/imports/');
    expect(ecs.operations).toEqual(['RunTask', 'RunTask']);

    ecs.server.reply({
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: { __type: 'com.amazonaws.ecs#ClusterNotFoundException', message: 'Cluster not found.' },
    });
    await expect(
      launcher().launch({ jobId: JOB, attempt: 5, memoryMib: null }),
    ).rejects.toMatchObject({
      code: 'LAUNCH_FAILED',
      retryable: false,
      message: 'ECS RunTask failed: ClusterNotFoundException: Cluster not found.',
    });
  });

  it('reads task states from DescribeTasks, OOM before the exit code', async () => {
    const l = launcher();
    const running = await l.launch({ jobId: JOB, attempt: 10, memoryMib: null });
    const oom = await l.launch({ jobId: JOB, attempt: 11, memoryMib: null });
    const spot = await l.launch({ jobId: JOB, attempt: 12, memoryMib: null });
    ecs.update(running.externalId, { lastStatus: 'RUNNING' });
    ecs.update(oom.externalId, {
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        {
          name: 'job',
          lastStatus: 'STOPPED',
          exitCode: 0,
          reason: 'OutOfMemoryError: Container killed due to memory usage',
        },
      ],
    });
    ecs.update(spot.externalId, {
      lastStatus: 'STOPPED',
      stopCode: 'SpotInterruption',
      stoppedReason: 'Your Spot Task was interrupted.',
      containers: [{ name: 'job', lastStatus: 'STOPPED', exitCode: 143 }],
    });
    const missing = 'arn:aws:ecs:us-east-1:123456789012:task/imports/gone';
    const states = await l.inspect([running.externalId, oom.externalId, spot.externalId, missing]);
    expect(ecs.operations.filter((o) => o === 'DescribeTasks')).toHaveLength(1);
    expect(states.get(running.externalId)).toEqual({ state: 'running' });
    expect(states.get(oom.externalId)).toEqual({
      state: 'exited',
      exitCode: 0,
      cause: 'oom',
      reason:
        'EssentialContainerExited: Essential container in task exited: OutOfMemoryError: Container killed due to memory usage',
    });
    expect(states.get(spot.externalId)).toMatchObject({ cause: 'interrupted', exitCode: 143 });
    expect(states.get(missing)).toEqual({ state: 'missing', reason: 'ECS: MISSING' });
  });

  it('stops a task with a reason', async () => {
    const l = launcher();
    const { externalId } = await l.launch({ jobId: JOB, attempt: 20, memoryMib: null });
    await l.stop(externalId, 'No heartbeat for 95 s');
    expect(ecs.tasks.get(externalId)).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'No heartbeat for 95 s',
    });
    expect((await l.inspect([externalId])).get(externalId)).toMatchObject({ cause: 'stopped' });
  });
});
