import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerState } from '../launcher.js';
import { DockerLauncher } from './docker-launcher.js';
import { dockerRunArgs } from './docker-run-args.js';

const FAKE_DOCKER = new URL('../../../test/fakes/fake-docker-cli.mjs', import.meta.url).pathname;
const JOB = '0b6c7a3e-8a53-4a4e-9e1f-5d2c0c6c1a11';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'docker-launcher-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const SETTINGS = {
  image: 'soulprint-import:latest',
  memoryMib: 2048,
  cpus: 1,
  network: 'host',
  forwardEnv: ['DATABASE_URL', 'ANTHROPIC_API_KEY'],
  storageDir: '/srv/storage',
  stopTimeoutSeconds: 30,
};

describe('docker run arguments', () => {
  it('limit memory, forward env names only and pass only the job id', () => {
    expect(dockerRunArgs(SETTINGS, { jobId: JOB, attempt: 2, memoryMib: 4096 })).toEqual([
      'run',
      '--rm',
      '--name',
      `soulprint-job-${JOB}-2`,
      '--label',
      `soulprint.job-id=${JOB}`,
      '--label',
      'soulprint.attempt=2',
      '--memory',
      '4096m',
      '--memory-swap',
      '4096m',
      '--cpus',
      '1',
      '--stop-timeout',
      '30',
      '--network',
      'host',
      '--env',
      'DATABASE_URL',
      '--env',
      'ANTHROPIC_API_KEY',
      '--volume',
      '/srv/storage:/data/storage:ro',
      '--env',
      'SOULPRINT_STORAGE_DIR=/data/storage',
      'soulprint-import:latest',
      'run',
      '--job-id',
      JOB,
    ]);
  });
});

function launcher(exitCode: number) {
  return new DockerLauncher({
    ...SETTINGS,
    docker: FAKE_DOCKER,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: 'postgres://u:secret-password@db/postgres',
      ANTHROPIC_API_KEY: 'sk-ant-secret',
      FAKE_DOCKER_EXIT: String(exitCode),
    },
    boostedMemoryMib: 4096,
    logDir: path.join(dir, 'logs'),
    oneAtATime: false,
  });
}

async function exited(l: DockerLauncher, id: string): Promise<ContainerState | undefined> {
  for (let i = 0; i < 200; i++) {
    const state = (await l.inspect([id])).get(id);
    if (state?.state === 'exited') return state;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

describe('the docker launcher', () => {
  it('runs the container attached, secrets through the environment, not the command line', async () => {
    const l = launcher(0);
    const launched = await l.launch({ jobId: JOB, attempt: 1, memoryMib: null });
    expect(launched.externalId).toBe(`soulprint-job-${JOB}-1`);
    expect(await exited(l, launched.externalId)).toMatchObject({ exitCode: 0, cause: 'exit' });
    const printed = JSON.parse(
      (await readFile(path.join(dir, 'logs', `${JOB}.1.log`), 'utf8')).split('\n')[0]!,
    );
    expect(printed.forwarded).toEqual({
      DATABASE_URL: 'postgres://u:secret-password@db/postgres',
      ANTHROPIC_API_KEY: 'sk-ant-secret',
    });
    expect(printed.args.join(' ')).not.toContain('secret');
    expect(printed.args).toContain('2048m');
  });

  it('takes exit 137 as the memory limit OOM kill, and 125 as a failure to start', async () => {
    const oom = launcher(137);
    const a = await oom.launch({ jobId: JOB, attempt: 2, memoryMib: null });
    expect(await exited(oom, a.externalId)).toMatchObject({ exitCode: 137, cause: 'oom' });
    const broken = launcher(125);
    const b = await broken.launch({ jobId: JOB, attempt: 3, memoryMib: null });
    expect(await exited(broken, b.externalId)).toMatchObject({ cause: 'failed_to_start' });
    expect(oom.memory).toEqual({ defaultMib: 2048, boostedMib: 4096 });
  });

  it('asks docker about containers it did not start', async () => {
    const states = await launcher(0).inspect(['soulprint-job-x-1']);
    expect(states.get('soulprint-job-x-1')).toEqual({
      state: 'missing',
      reason: 'no container soulprint-job-x-1',
    });
  });
});
