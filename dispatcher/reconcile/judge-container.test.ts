import { describe, expect, it } from 'vitest';
import type { DispatchJob } from '../../core/db/index.js';
import { judgeContainer } from './judge-container.js';

const T0 = Date.parse('2026-11-29T10:00:00Z');
const LIMITS = { heartbeatTimeoutMs: 90_000, startTimeoutMs: 600_000, missingGraceMs: 60_000 };

function job(status: 'launching' | 'running', heartbeatAgoMs: number | null): DispatchJob {
  return {
    status,
    createdAt: new Date(T0),
    launchedAt: new Date(T0),
    startedAt: status === 'running' ? new Date(T0) : null,
    heartbeatAt: heartbeatAgoMs === null ? null : new Date(T0 + 600_000 - heartbeatAgoMs),
  } as DispatchJob;
}

describe('judging a launched job against its container', () => {
  const now = T0 + 600_000;

  it('accepts a running job with a fresh heartbeat', () => {
    expect(
      judgeContainer(job('running', 10_000), { state: 'running' }, now, LIMITS),
    ).toBeUndefined();
  });

  it('stops a running job whose heartbeat is older than the limit', () => {
    expect(judgeContainer(job('running', 91_000), { state: 'running' }, now, LIMITS)).toMatchObject(
      {
        errorCode: 'HEARTBEAT_LOST',
        stopContainer: true,
      },
    );
  });

  it('stops a job still launching after the start timeout', () => {
    const death = judgeContainer(job('launching', null), { state: 'pending' }, now + 1, LIMITS);
    expect(death).toMatchObject({ errorCode: 'CONTAINER_FAILED_TO_START', stopContainer: true });
  });

  it('gives a just-launched container time to appear', () => {
    const missing = { state: 'missing' as const, reason: 'MISSING' };
    expect(judgeContainer(job('launching', null), missing, T0 + 30_000, LIMITS)).toBeUndefined();
    expect(judgeContainer(job('launching', null), missing, T0 + 61_000, LIMITS)).toMatchObject({
      errorCode: 'CONTAINER_LOST',
    });
  });

  it.each([
    ['oom', 'CONTAINER_OOM'],
    ['interrupted', 'CONTAINER_INTERRUPTED'],
    ['failed_to_start', 'CONTAINER_FAILED_TO_START'],
    ['exit', 'CONTAINER_EXITED'],
    ['unknown', 'CONTAINER_EXITED'],
  ] as const)('records an exit by %s as %s with the platform reason', (cause, errorCode) => {
    const death = judgeContainer(
      job('running', 1000),
      { state: 'exited', exitCode: 137, cause, reason: 'OutOfMemoryError: Container killed' },
      now,
      LIMITS,
    );
    expect(death).toEqual({
      exitCode: 137,
      errorCode,
      message:
        'The container stopped without the job recording an outcome: OutOfMemoryError: Container killed.',
      stopContainer: false,
    });
  });
});
