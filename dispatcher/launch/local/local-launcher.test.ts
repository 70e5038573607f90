import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerState } from '../launcher.js';
import { LocalLauncher } from './local-launcher.js';

const FAKE_JOB = new URL('../../../test/fakes/fake-job-process.mjs', import.meta.url).pathname;
const JOB = '0b6c7a3e-8a53-4a4e-9e1f-5d2c0c6c1a11';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'local-launcher-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function launcher(behaviour: string, oneAtATime = false) {
  return new LocalLauncher({
    nodePath: process.execPath,
    jobEntry: FAKE_JOB,
    baseEnv: { PATH: process.env.PATH ?? '', FAKE_JOB: behaviour },
    databaseUrl: 'postgres://postgres@127.0.0.1:5433/postgres',
    singleConnection: true,
    storageDir: '/srv/storage',
    cwd: dir,
    logDir: path.join(dir, 'logs'),
    oneAtATime,
    killGraceMs: 2000,
  });
}

async function until(l: LocalLauncher, id: string, wanted: ContainerState['state']) {
  for (let i = 0; i < 200; i++) {
    const state = (await l.inspect([id])).get(id);
    if (state?.state === wanted) return state;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`process ${id} never became ${wanted}`);
}

describe('the local launcher', () => {
  it('runs `run --job-id` in a fresh process with the job database and a per-attempt log', async () => {
    const l = launcher('exit:0');
    const launched = await l.launch({ jobId: JOB, attempt: 1, memoryMib: null });
    expect(launched.externalId).toMatch(/^\d+$/);
    const logFile = path.join(dir, 'logs', `${JOB}.1.log`);
    expect(launched.logRef).toBe(`file:${logFile}`);
    expect(await until(l, launched.externalId, 'exited')).toEqual({
      state: 'exited',
      exitCode: 0,
      cause: 'exit',
      reason: null,
    });
    const printed = JSON.parse((await readFile(logFile, 'utf8')).split('\n')[0]!);
    expect(printed).toEqual({
      command: 'run',
      flag: '--job-id',
      jobId: JOB,
      databaseUrl: 'postgres://postgres@127.0.0.1:5433/postgres',
      poolMax: '1',
      storageDir: '/srv/storage',
      serviceToken: null,
    });
  });

  it('reports the exit code of a job that failed', async () => {
    const l = launcher('exit:3');
    const { externalId } = await l.launch({ jobId: JOB, attempt: 2, memoryMib: null });
    expect(await until(l, externalId, 'exited')).toMatchObject({ exitCode: 3, cause: 'exit' });
  });

  it('takes a SIGKILL nobody asked for as an OOM kill', async () => {
    const l = launcher('oom');
    const { externalId } = await l.launch({ jobId: JOB, attempt: 3, memoryMib: null });
    expect(await until(l, externalId, 'exited')).toEqual({
      state: 'exited',
      exitCode: 137,
      cause: 'oom',
      reason: 'ended by SIGKILL',
    });
  });

  it('stops a job with SIGTERM so it can checkpoint', async () => {
    const l = launcher('sleep');
    const { externalId } = await l.launch({ jobId: JOB, attempt: 4, memoryMib: null });
    await until(l, externalId, 'running');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await l.stop(externalId);
    expect(await until(l, externalId, 'exited')).toMatchObject({ exitCode: 143 });
  });

  it('starts the next job only after the previous one exited, one at a time', async () => {
    const l = launcher('sleep', true);
    const first = await l.launch({ jobId: JOB, attempt: 5, memoryMib: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = l.launch({ jobId: JOB, attempt: 6, memoryMib: null });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await l.inspect([first.externalId])).get(first.externalId)).toEqual({
      state: 'running',
    });
    await l.stop(first.externalId);
    const launched = await second;
    expect((await l.inspect([first.externalId])).get(first.externalId)).toMatchObject({
      state: 'exited',
    });
    await l.stopAll();
    expect(launched.externalId).not.toBe(first.externalId);
  });

  it('reports a pid it did not start and that is not running as missing', async () => {
    const states = await launcher('exit:0').inspect(['999999']);
    expect(states.get('999999')).toEqual({
      state: 'missing',
      reason: 'process 999999 is not running',
    });
  });
});
