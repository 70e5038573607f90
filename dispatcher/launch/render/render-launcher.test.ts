import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { Secret } from '../../../core/secret.js';
import { FakeRenderApi } from '../../../test/fakes/render-api-server.js';
import { RenderLauncher } from './render-launcher.js';

const JOB = '0b6c7a3e-8a53-4a4e-9e1f-5d2c0c6c1a11';
const API_KEY = 'rnd_test_key';
let render: FakeRenderApi;

beforeAll(async () => {
  render = await new FakeRenderApi(API_KEY, 'srv-template1').listen();
});
afterAll(() => render?.close());
beforeEach(() => {
  render.server.requests.length = 0;
});

function launcher(overrides: { apiKey?: string; serviceId?: string; planId?: string } = {}) {
  return new RenderLauncher({
    apiUrl: render.apiUrl,
    apiKey: new Secret(overrides.apiKey ?? API_KEY),
    timeoutMs: 5000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 },
    serviceId: overrides.serviceId ?? 'srv-template1',
    startCommand: 'node dist/job/main.js run --job-id {jobId}',
    planId: overrides.planId,
  });
}

describe('the Render launcher', () => {
  it('creates a one-off job whose start command carries only the job id', async () => {
    const launched = await launcher({ planId: 'plan-srv-010' }).launch({
      jobId: JOB,
      attempt: 1,
      memoryMib: null,
    });
    expect(launched).toEqual({ externalId: 'job-000001', logRef: 'render:job-000001' });
    const [request] = render.server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/services/srv-template1/jobs',
      body: { startCommand: `node dist/job/main.js run --job-id ${JOB}`, planId: 'plan-srv-010' },
    });
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('follows a job from pending to its end, and reports unknown jobs as missing', async () => {
    const l = launcher();
    const { externalId } = await l.launch({ jobId: JOB, attempt: 2, memoryMib: null });
    const state = async () => (await l.inspect([externalId])).get(externalId);
    expect(await state()).toEqual({ state: 'pending' });
    render.setStatus(externalId, 'running');
    expect(await state()).toEqual({ state: 'running' });
    render.setStatus(externalId, 'failed');
    expect(await state()).toEqual({
      state: 'exited',
      exitCode: null,
      cause: 'unknown',
      reason: 'Render job failed',
    });
    expect((await l.inspect(['job-nope'])).get('job-nope')).toEqual({
      state: 'missing',
      reason: 'Render has no job job-nope',
    });
  });

  it('cancels a running job, and a finished one without complaint', async () => {
    const l = launcher();
    const { externalId } = await l.launch({ jobId: JOB, attempt: 3, memoryMib: null });
    render.setStatus(externalId, 'running');
    await l.stop(externalId, 'cancelled');
    expect(render.jobs.get(externalId)?.status).toBe('canceled');
    await l.stop(externalId, 'again');
    expect(render.server.requests.at(-1)?.path).toBe(
      `/v1/services/srv-template1/jobs/${externalId}/cancel`,
    );
  });

  it('waits out a 429 as Render asks, then launches', async () => {
    render.server.reply({
      status: 429,
      headers: { 'ratelimit-reset': '0' },
      body: { message: 'rate limited' },
    });
    const launched = await launcher().launch({ jobId: JOB, attempt: 4, memoryMib: null });
    expect(launched.externalId).toMatch(/^job-/);
    expect(render.server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('fails a launch Render keeps refusing with 5xx as retryable', async () => {
    const down = { status: 503, body: { message: 'unavailable' } };
    render.server.reply(down, down, down);
    const error = await launcher()
      .launch({ jobId: JOB, attempt: 5, memoryMib: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'LAUNCH_FAILED', retryable: true });
    expect((error as Error).message).toContain('answered 503: unavailable');
  });

  it('fails at once, not retryable, on a wrong key, a free plan, or an unknown service', async () => {
    const badKey = await launcher({ apiKey: 'rnd_wrong' })
      .launch({ jobId: JOB, attempt: 1, memoryMib: null })
      .catch((e: unknown) => e);
    expect(badKey).toMatchObject({ code: 'LAUNCH_FAILED', retryable: false });
    render.server.reply({
      status: 400,
      body: { message: 'free tier plans are not supported for jobs' },
    });
    const free = await launcher()
      .launch({ jobId: JOB, attempt: 1, memoryMib: null })
      .catch((e: unknown) => e);
    expect((free as Error).message).toContain('free tier plans are not supported');
    const unknown = await launcher({ serviceId: 'srv-other' })
      .launch({ jobId: JOB, attempt: 1, memoryMib: null })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ retryable: false });
    expect((unknown as Error).message).toContain('RENDER_JOB_SERVICE_ID');
  });
});
