import { type RecordedRequest, ScriptedJsonServer } from './scripted-json-server.js';

/**
 * A loopback fake of Render's one-off jobs API (`/v1/services/{id}/jobs…`), speaking its wire
 * format (docs/platforms.md §1.2): create answers 201 with `status: null` (as older docs show),
 * retrieve and cancel answer the Job; unknown services and jobs are 404; a wrong key is 401.
 * Tests move jobs along with `setStatus` and script failures with `server.reply(...)`.
 */
export interface FakeRenderJob {
  id: string;
  serviceId: string;
  startCommand: string;
  planId: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export class FakeRenderApi {
  readonly jobs = new Map<string, FakeRenderJob>();
  readonly server: ScriptedJsonServer;
  #next = 1;

  constructor(
    readonly apiKey: string,
    readonly serviceId: string,
  ) {
    this.server = new ScriptedJsonServer({
      gate: (request) =>
        request.headers.authorization === `Bearer ${apiKey}`
          ? undefined
          : { status: 401, body: { id: 'unauthorized', message: 'unauthorized' } },
      fallback: (request) => this.#answer(request),
    });
  }

  async listen(): Promise<this> {
    await this.server.listen();
    return this;
  }

  /** The API base URL to configure (`…/v1`). */
  get apiUrl(): string {
    return `${this.server.url}/v1`;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  setStatus(jobId: string, status: FakeRenderJob['status']): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no fake Render job ${jobId}`);
    const now = new Date().toISOString();
    job.status = status;
    if (status === 'running') job.startedAt ??= now;
    if (status === 'succeeded' || status === 'failed' || status === 'canceled')
      job.finishedAt = now;
  }

  #answer(request: RecordedRequest) {
    const match = /^\/v1\/services\/([^/]+)\/jobs(?:\/([^/]+))?(\/cancel)?$/.exec(request.path);
    if (!match) return { status: 404, body: { message: 'not found' } };
    const [, serviceId, jobId, cancel] = match;
    if (serviceId !== this.serviceId)
      return { status: 404, body: { message: 'service not found' } };
    if (!jobId && request.method === 'POST') return this.#create(request.body);
    const job = jobId ? this.jobs.get(jobId) : undefined;
    if (!job) return { status: 404, body: { message: 'job not found' } };
    if (cancel && request.method === 'POST') {
      if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'canceled') {
        return { status: 400, body: { message: 'job is not running' } };
      }
      this.setStatus(job.id, 'canceled');
      return { status: 200, body: job };
    }
    return { status: 200, body: job };
  }

  #create(body: unknown) {
    const { startCommand, planId } = (body ?? {}) as { startCommand?: unknown; planId?: unknown };
    if (typeof startCommand !== 'string' || startCommand === '') {
      return { status: 400, body: { message: 'startCommand is required' } };
    }
    const job: FakeRenderJob = {
      id: `job-${String(this.#next++).padStart(6, '0')}`,
      serviceId: this.serviceId,
      startCommand,
      planId: typeof planId === 'string' ? planId : 'plan-srv-008',
      status: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    return { status: 201, body: job };
  }
}
