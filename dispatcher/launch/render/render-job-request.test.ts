import { describe, expect, it } from 'vitest';
import { createJobRequest, renderJobState } from './render-job-request.js';

const SETTINGS = {
  serviceId: 'srv-abc',
  startCommand: 'node dist/job/main.js run --job-id {jobId}',
  planId: undefined,
};

describe('Render requests', () => {
  it('builds the create-job request without a plan when none is set', () => {
    expect(createJobRequest(SETTINGS, { jobId: 'j-1', attempt: 1, memoryMib: 8192 })).toEqual({
      method: 'POST',
      path: '/services/srv-abc/jobs',
      body: { startCommand: 'node dist/job/main.js run --job-id j-1' },
    });
  });

  it.each([
    [{ status: null }, { state: 'pending' }],
    [{}, { state: 'pending' }],
    [{ status: 'running' }, { state: 'running' }],
    [{ status: 'succeeded' }, { state: 'exited', exitCode: 0, cause: 'exit', reason: null }],
    [
      { status: 'canceled' },
      { state: 'exited', exitCode: null, cause: 'stopped', reason: 'Render job canceled' },
    ],
    [
      { status: 'failed', startedAt: '2026-11-29T10:00:00Z' },
      { state: 'exited', exitCode: null, cause: 'unknown', reason: 'Render job failed' },
    ],
    [
      { status: 'failed', startedAt: null },
      { state: 'exited', exitCode: null, cause: 'failed_to_start', reason: 'Render job failed' },
    ],
  ] as const)('reads %o as %o', (job, state) => {
    expect(renderJobState({ id: 'job-1', ...job })).toEqual(state);
  });
});
