import { describe, expect, it } from 'vitest';
import { loadDispatcherConfig } from './config.js';

const TOKEN = { SERVICE_TOKEN: 's'.repeat(32) };

describe('dispatcher configuration', () => {
  it('defaults to the local launcher on the embedded database, one job at a time', () => {
    const config = loadDispatcherConfig({ ...TOKEN, SOULPRINT_DATA_DIR: '/tmp/sp' });
    expect(config).toMatchObject({
      port: 8080,
      launcher: { kind: 'local' },
      database: { kind: 'embedded', dataDir: '/tmp/sp' },
      imports: {
        pathPrefix: 'imports/{userId}/',
        rateLimit: { max: 5, windowSeconds: 3600 },
        maxAttempts: 3,
        createUsers: true,
      },
      reconcile: { maxActive: 1, heartbeatTimeoutMs: 90_000, startTimeoutMs: 120_000 },
      jobLogDir: '/tmp/sp/job-logs',
    });
    expect(config.launcher.kind === 'local' && config.launcher.jobEntry).toMatch(
      /dist\/job\/main\.js$/,
    );
  });

  it("keeps the dispatcher's secrets out of the environment jobs inherit", () => {
    const config = loadDispatcherConfig({
      ...TOKEN,
      SUPABASE_JWT_SECRET: 'j'.repeat(40),
      ANTHROPIC_API_KEY: 'sk-ant',
    });
    if (config.launcher.kind !== 'local') throw new Error('expected local');
    expect(config.launcher.jobEnv).toMatchObject({ ANTHROPIC_API_KEY: 'sk-ant' });
    expect(config.launcher.jobEnv).not.toHaveProperty('SERVICE_TOKEN');
    expect(config.launcher.jobEnv).not.toHaveProperty('SUPABASE_JWT_SECRET');
  });

  it('derives the JWKS and issuer from SUPABASE_URL and never prints secrets', () => {
    const config = loadDispatcherConfig({
      SUPABASE_URL: 'https://abc.supabase.co/',
      SERVICE_TOKEN: 'secret-token-value-of-32-characters!',
      DATABASE_URL: 'postgres://u:p@db.example.com:5432/postgres',
      MAX_CONCURRENT_JOBS: '25',
    });
    expect(config.auth.jwksUrl).toBe('https://abc.supabase.co/auth/v1/.well-known/jwks.json');
    expect(config.auth.issuer).toBe('https://abc.supabase.co/auth/v1');
    expect(config.reconcile.maxActive).toBe(25);
    expect(config.imports.createUsers).toBe(false);
    expect(JSON.stringify(config)).not.toContain('secret-token-value');
  });

  it('reads the ECS settings', () => {
    const config = loadDispatcherConfig({
      ...TOKEN,
      DATABASE_URL: 'postgres://u:p@db/postgres',
      LAUNCHER: 'ecs',
      AWS_REGION: 'eu-west-1',
      ECS_CLUSTER: 'imports',
      ECS_TASK_DEFINITION: 'soulprint-import-job',
      ECS_SUBNETS: 'subnet-a, subnet-b',
      ECS_CAPACITY: 'spot_then_on_demand',
      ECS_TASK_MEMORY_MIB: '4096',
      ECS_OOM_MEMORY_MIB: '8192',
      ECS_OOM_CPU: '2048',
    });
    expect(config.launcher).toMatchObject({
      kind: 'ecs',
      subnets: ['subnet-a', 'subnet-b'],
      capacity: 'spot_then_on_demand',
      memoryMib: 4096,
      boostedMemoryMib: 8192,
    });
    expect(config.reconcile.startTimeoutMs).toBe(900_000);
  });

  it.each([
    [
      { LAUNCHER: 'render', DATABASE_URL: 'postgres://u:p@db/postgres' },
      /RENDER_API_KEY: is required with LAUNCHER=render/,
    ],
    [{ LAUNCHER: 'ecs', DATABASE_URL: 'postgres://u:p@db/postgres' }, /AWS_REGION: is required/],
    [{ LAUNCHER: 'docker', DOCKER_IMAGE: 'x' }, /DOCKER_NETWORK=host/],
    [{ LAUNCHER: 'kubernetes' }, /LAUNCHER/],
    [{ SERVICE_TOKEN: 'short' }, /SERVICE_TOKEN: must be at least 32 characters/],
    [
      {
        LAUNCHER: 'render',
        DATABASE_URL: 'postgres://u:p@db/postgres',
        RENDER_API_KEY: 'rnd_x',
        RENDER_JOB_SERVICE_ID: 'srv-abc',
        RENDER_JOB_COMMAND: 'node dist/job/main.js run',
      },
      /RENDER_JOB_COMMAND: must contain \{jobId\}/,
    ],
    [{ CORS_ALLOWED_ORIGINS: '*' }, /CORS_ALLOWED_ORIGINS: expected a comma-separated list/],
    [
      { CORS_ALLOWED_ORIGINS: 'https://app.example.com/path' },
      /CORS_ALLOWED_ORIGINS: expected a comma-separated list/,
    ],
  ])('stops on %o, naming the variable', (env, message) => {
    expect(() => loadDispatcherConfig({ ...TOKEN, ...env })).toThrow(message);
  });

  it('reads the CORS origins as a list', () => {
    const config = loadDispatcherConfig({
      ...TOKEN,
      CORS_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:3000',
    });
    expect(config.corsAllowedOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(loadDispatcherConfig(TOKEN).corsAllowedOrigins).toEqual([]);
  });

  it('refuses to start with no way to authenticate callers', () => {
    expect(() => loadDispatcherConfig({})).toThrow(/No way to authenticate callers/);
  });
});
