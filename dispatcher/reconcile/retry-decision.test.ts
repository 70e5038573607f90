import { describe, expect, it } from 'vitest';
import type { DispatchJob } from '../../core/db/index.js';
import { decideRetry, failureKind } from './retry-decision.js';

const POLICY = { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 600_000, jitter: 0 };
const MEMORY = { defaultMib: 4096, boostedMib: 8192 };

function failed(overrides: Partial<DispatchJob>): DispatchJob {
  const at = new Date('2026-11-29T10:00:00Z');
  return {
    id: 'j',
    userId: 'u',
    storagePath: 'imports/u/x.zip',
    status: 'failed',
    attempt: 1,
    maxAttempts: 3,
    launcher: 'ecs',
    externalId: 'arn',
    logRef: null,
    stage: null,
    progress: 0,
    heartbeatAt: at,
    createdAt: at,
    launchedAt: at,
    startedAt: at,
    finishedAt: at,
    exitCode: null,
    errorCode: null,
    errorMessage: null,
    metrics: {},
    checkpoint: null,
    memoryMib: null,
    nextAttemptAt: null,
    leaseOwner: 's',
    leaseExpiresAt: null,
    settledAt: null,
    ...overrides,
  };
}

describe('failure kinds', () => {
  it.each([
    [{ exitCode: 2, errorCode: 'ZIP_CORRUPT' }, 'bad_input'],
    [{ exitCode: 3, errorCode: 'LLM_UNAVAILABLE' }, 'dependency'],
    [{ exitCode: 143, errorCode: 'CANCELLED' }, 'interrupted'],
    [{ exitCode: 143, errorCode: null }, 'interrupted'],
    [{ exitCode: 1, errorCode: 'INTERNAL' }, 'internal'],
    [{ exitCode: 78, errorCode: 'CONFIG_INVALID' }, 'config'],
    [{ exitCode: 137, errorCode: 'CONTAINER_OOM' }, 'oom'],
    [{ exitCode: 0, errorCode: 'CONTAINER_OOM' }, 'oom'],
    [{ exitCode: 143, errorCode: 'CONTAINER_INTERRUPTED' }, 'interrupted'],
    [{ exitCode: null, errorCode: 'HEARTBEAT_LOST' }, 'interrupted'],
    [{ exitCode: null, errorCode: 'CONTAINER_FAILED_TO_START' }, 'failed_to_start'],
    [{ exitCode: null, errorCode: 'CONTAINER_LOST' }, 'lost'],
    [{ exitCode: null, errorCode: 'CONTAINER_EXITED' }, 'lost'],
    [{ exitCode: 3, errorCode: 'CONTAINER_EXITED' }, 'dependency'],
    [{ exitCode: 2, errorCode: 'CONTAINER_EXITED' }, 'bad_input'],
    [{ exitCode: null, errorCode: 'LAUNCH_FAILED' }, 'launch'],
  ] as const)('%o is %s', (fields, kind) => {
    expect(failureKind(failed(fields))).toBe(kind);
  });
});

describe('retry decisions', () => {
  it('retries a dependency failure with a growing delay', () => {
    expect(decideRetry(failed({ exitCode: 3 }), undefined, POLICY)).toEqual({
      retry: true,
      kind: 'dependency',
      delayMs: 30_000,
      memoryMib: null,
    });
    expect(decideRetry(failed({ exitCode: 3, attempt: 2 }), undefined, POLICY)).toMatchObject({
      delayMs: 60_000,
    });
  });

  it('gives up on the last attempt', () => {
    expect(decideRetry(failed({ exitCode: 3, attempt: 3 }), undefined, POLICY)).toMatchObject({
      retry: false,
      kind: 'dependency',
      why: 'attempt 3 of 3',
    });
  });

  it.each([2, 1, 78])('never retries exit %i', (exitCode) => {
    expect(decideRetry(failed({ exitCode }), undefined, POLICY).retry).toBe(false);
  });

  it('retries an OOM kill once with the boosted memory, and keeps it afterwards', () => {
    const first = decideRetry(failed({ errorCode: 'CONTAINER_OOM' }), MEMORY, POLICY);
    expect(first).toMatchObject({ retry: true, memoryMib: 8192 });
    const second = decideRetry(
      failed({ errorCode: 'CONTAINER_OOM', attempt: 2, memoryMib: 8192 }),
      MEMORY,
      POLICY,
    );
    expect(second).toMatchObject({ retry: false, kind: 'oom' });
    const spotAfterBoost = decideRetry(
      failed({ errorCode: 'CONTAINER_INTERRUPTED', attempt: 2, memoryMib: 8192 }),
      MEMORY,
      POLICY,
    );
    expect(spotAfterBoost).toMatchObject({ retry: true, memoryMib: 8192 });
  });

  it('fails an OOM kill where the platform cannot give more memory', () => {
    expect(decideRetry(failed({ errorCode: 'CONTAINER_OOM' }), undefined, POLICY)).toMatchObject({
      retry: false,
      why: 'no more memory on this platform',
    });
  });
});
