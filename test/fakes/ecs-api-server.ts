import { type RecordedRequest, ScriptedJsonServer } from './scripted-json-server.js';

/**
 * A loopback fake of ECS's awsJson1_1 protocol (docs/platforms.md §2): `POST /` with
 * `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`, JSON bodies, epoch-second
 * timestamps, errors as `{"__type": …, "message": …}`. The real `@aws-sdk/client-ecs` talks
 * to it. RunTask is idempotent on `clientToken` (a different request with the same token is a
 * ConflictException); DescribeTasks reports unknown tasks as MISSING failures; StopTask stops
 * with `UserInitiated`. Tests change tasks with `update` and script answers with `server.reply`.
 */
export interface FakeTask {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  lastStatus: string;
  desiredStatus: string;
  startedBy?: string;
  launchType?: string;
  capacityProviderName: string;
  createdAt: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  overrides: unknown;
  tags: unknown;
  containers: Array<{ name: string; lastStatus: string; exitCode?: number; reason?: string }>;
}

const TARGET = 'AmazonEC2ContainerServiceV20141113.';
const ACCOUNT = '123456789012';

export class FakeEcsApi {
  readonly tasks = new Map<string, FakeTask>();
  readonly server: ScriptedJsonServer;
  readonly #tokens = new Map<string, { request: string; arn: string }>();
  #next = 1;

  constructor(readonly region = 'us-east-1') {
    this.server = new ScriptedJsonServer({ fallback: (request) => this.#answer(request) });
  }

  async listen(): Promise<this> {
    await this.server.listen();
    return this;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** The operations called, in order (`RunTask`, `DescribeTasks`, …). */
  get operations(): string[] {
    return this.server.requests.map((r) => operationOf(r));
  }

  update(taskArn: string, patch: Partial<FakeTask>): void {
    const task = this.tasks.get(taskArn);
    if (!task) throw new Error(`no fake task ${taskArn}`);
    Object.assign(task, patch);
  }

  #answer(request: RecordedRequest) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    switch (operationOf(request)) {
      case 'RunTask':
        return this.#runTask(body);
      case 'DescribeTasks': {
        const ids = (body.tasks as string[] | undefined) ?? [];
        const found = ids.map((id) => this.tasks.get(id)).filter((t) => t !== undefined);
        const failures = ids
          .filter((id) => !this.tasks.has(id))
          .map((arn) => ({ arn, reason: 'MISSING' }));
        return ok({ tasks: found, failures });
      }
      case 'StopTask': {
        const task = this.tasks.get(String(body.task));
        if (!task)
          return error(400, 'InvalidParameterException', 'The referenced task was not found.');
        Object.assign(task, {
          lastStatus: 'STOPPED',
          desiredStatus: 'STOPPED',
          stopCode: 'UserInitiated',
          stoppedReason: String(body.reason ?? 'Task stopped by user'),
          stoppedAt: Date.now() / 1000,
        });
        return ok({ task });
      }
      default:
        return error(400, 'UnknownOperationException', `unknown operation ${operationOf(request)}`);
    }
  }

  #runTask(body: Record<string, unknown>) {
    const token = typeof body.clientToken === 'string' ? body.clientToken : undefined;
    const { clientToken: _token, ...params } = body;
    const fingerprint = JSON.stringify(params);
    if (token) {
      const earlier = this.#tokens.get(token);
      if (earlier && earlier.request !== fingerprint) {
        return {
          status: 400,
          body: {
            __type: 'ConflictException',
            message: 'Idempotency token conflict',
            resourceIds: [earlier.arn],
          },
        };
      }
      if (earlier) return ok({ tasks: [this.tasks.get(earlier.arn)], failures: [] });
    }
    const cluster = String(body.cluster ?? 'default');
    const id = `${String(this.#next++).padStart(8, '0')}aaaabbbbccccdddd`;
    const strategy = body.capacityProviderStrategy as
      | Array<{ capacityProvider: string }>
      | undefined;
    const task: FakeTask = {
      taskArn: `arn:aws:ecs:${this.region}:${ACCOUNT}:task/${cluster}/${id}`,
      clusterArn: `arn:aws:ecs:${this.region}:${ACCOUNT}:cluster/${cluster}`,
      taskDefinitionArn: `arn:aws:ecs:${this.region}:${ACCOUNT}:task-definition/${String(body.taskDefinition)}`,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      ...(typeof body.startedBy === 'string' ? { startedBy: body.startedBy } : {}),
      ...(typeof body.launchType === 'string' ? { launchType: body.launchType } : {}),
      capacityProviderName: strategy?.[0]?.capacityProvider ?? 'FARGATE',
      createdAt: Date.now() / 1000,
      overrides: body.overrides ?? {},
      tags: body.tags ?? [],
      containers: [],
    };
    this.tasks.set(task.taskArn, task);
    if (token) this.#tokens.set(token, { request: fingerprint, arn: task.taskArn });
    return ok({ tasks: [task], failures: [] });
  }
}

function operationOf(request: RecordedRequest): string {
  return (request.headers['x-amz-target'] ?? '').replace(TARGET, '');
}

function ok(body: unknown) {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake-request' },
    body,
  };
}

function error(status: number, type: string, message: string) {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
    body: { __type: `com.amazonaws.ecs#${type}`, message },
  };
}
