import path from 'node:path';
import { z } from 'zod';
import { findPackageRoot } from '../../core/db/migration-files.js';
import { boolEnv, type Env, parseEnv, positiveIntEnv } from '../../core/env.js';
import { AppError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { LauncherName } from './launcher.js';

export type LauncherConfig =
  | {
      kind: 'local';
      nodePath: string;
      jobEntry: string;
      jobEnv: Record<string, string>;
      killGraceMs: number;
    }
  | {
      kind: 'docker';
      docker: string;
      image: string;
      memoryMib: number;
      boostedMemoryMib: number;
      cpus: number;
      network: string | undefined;
      forwardEnv: string[];
      jobEnv: Record<string, string>;
      stopTimeoutSeconds: number;
    }
  | {
      kind: 'render';
      apiUrl: string;
      apiKey: Secret;
      serviceId: string;
      planId: string | undefined;
      startCommand: string;
      timeoutMs: number;
    }
  | {
      kind: 'ecs';
      region: string;
      endpoint: string | undefined;
      cluster: string;
      taskDefinition: string;
      containerName: string;
      subnets: string[];
      securityGroups: string[];
      assignPublicIp: boolean;
      capacity: 'fargate' | 'fargate_spot' | 'spot_then_on_demand';
      startedBy: string;
      memoryMib: number | undefined;
      boostedMemoryMib: number | undefined;
      boostedCpu: number | undefined;
      ephemeralStorageGib: number | undefined;
      logGroup: string | undefined;
      logStreamPrefix: string;
    };

/** The dispatcher's own secrets and settings: never handed to a local or docker job. */
const DISPATCHER_ONLY = [
  'SERVICE_TOKEN',
  'SUPABASE_JWT_SECRET',
  'RENDER_API_KEY',
  'PORT',
  'HOST',
  'LAUNCHER',
  'JOB_ID',
];

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const local = z.object({
  JOB_ENTRY: z.string().optional(),
  LOCAL_KILL_GRACE_MS: positiveIntEnv.default(30_000),
});

const docker = z.object({
  DOCKER_IMAGE: z.string({
    message: 'is required with LAUNCHER=docker (e.g. soulprint-import:latest)',
  }),
  DOCKER_BIN: z.string().default('docker'),
  DOCKER_MEMORY_MIB: positiveIntEnv.default(2048),
  DOCKER_OOM_MEMORY_MIB: positiveIntEnv.optional(),
  DOCKER_CPUS: z.coerce.number().positive().default(1),
  DOCKER_NETWORK: z.string().optional(),
  /** Only the names set in the dispatcher's environment are passed. */
  DOCKER_FORWARD_ENV: csv.default([
    'DATABASE_URL',
    'DATABASE_POOL_MAX',
    'SUPABASE_URL',
    'SUPABASE_SERVICE_ROLE_KEY',
    'LLM_PROVIDER',
    'LLM_MODEL',
    'ANTHROPIC_API_KEY',
    'BEDROCK_MODEL_ID',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'EMBEDDING_PROVIDER',
    'EMBEDDING_MODEL',
    'EMBEDDING_BASE_URL',
    'EMBEDDING_API_KEY',
    'OPENAI_API_KEY',
    'LOG_LEVEL',
  ]),
  DOCKER_STOP_TIMEOUT_SECONDS: positiveIntEnv.default(30),
});

const render = z.object({
  RENDER_API_KEY: z.string({
    message: 'is required with LAUNCHER=render (Account settings → API keys)',
  }),
  RENDER_JOB_SERVICE_ID: z
    .string({ message: 'is required with LAUNCHER=render: the job template service id (srv-…)' })
    .regex(/^(srv|crn)-[a-z0-9]+$/, 'expected a service id such as srv-abc123'),
  RENDER_PLAN_ID: z
    .string()
    .regex(/^plan-(srv|crn)-\d+$/, 'expected e.g. plan-srv-008')
    .optional(),
  RENDER_JOB_COMMAND: z
    .string()
    .refine((v) => v.includes('{jobId}'), 'must contain {jobId}')
    .default('node dist/job/main.js run --job-id {jobId}'),
  RENDER_API_URL: z.url().default('https://api.render.com/v1'),
  RENDER_TIMEOUT_MS: positiveIntEnv.default(15_000),
});

const ecs = z.object({
  AWS_REGION: z.string({ message: 'is required with LAUNCHER=ecs (e.g. us-east-1)' }),
  ECS_ENDPOINT: z.url().optional(),
  ECS_CLUSTER: z.string({ message: 'is required with LAUNCHER=ecs' }),
  ECS_TASK_DEFINITION: z.string({
    message: 'is required with LAUNCHER=ecs (family or family:revision)',
  }),
  ECS_CONTAINER_NAME: z.string().default('job'),
  ECS_SUBNETS: csv.refine((v) => v.length > 0 && v.length <= 16, 'expected 1 to 16 subnet ids'),
  ECS_SECURITY_GROUPS: csv.default([]),
  ECS_ASSIGN_PUBLIC_IP: boolEnv.default(false),
  ECS_CAPACITY: z.enum(['fargate', 'fargate_spot', 'spot_then_on_demand']).default('fargate'),
  ECS_STARTED_BY: z
    .string()
    .regex(/^[A-Za-z0-9/_-]{1,128}$/)
    .default('soulprint-dispatcher'),
  ECS_TASK_MEMORY_MIB: positiveIntEnv.optional(),
  ECS_OOM_MEMORY_MIB: positiveIntEnv.optional(),
  ECS_OOM_CPU: positiveIntEnv.optional(),
  ECS_EPHEMERAL_STORAGE_GIB: z.coerce.number().int().min(21).max(200).optional(),
  ECS_LOG_GROUP: z.string().optional(),
  ECS_LOG_STREAM_PREFIX: z.string().default('job'),
});

/** The chosen launcher's settings; `embedded` says whether jobs share the embedded database. */
export function loadLauncherConfig(
  name: LauncherName,
  env: Env,
  context: { embedded: boolean },
): LauncherConfig {
  const jobEnv = () => jobEnvironment(env);
  switch (name) {
    case 'local': {
      const p = parseEnv(local, env);
      return {
        kind: 'local',
        nodePath: process.execPath,
        jobEntry: path.resolve(
          p.JOB_ENTRY ?? path.join(findPackageRoot(), 'dist', 'job', 'main.js'),
        ),
        jobEnv: jobEnv(),
        killGraceMs: p.LOCAL_KILL_GRACE_MS,
      };
    }
    case 'docker': {
      const p = parseEnv(docker, env);
      if (context.embedded && p.DOCKER_NETWORK !== 'host') {
        throw new AppError(
          'CONFIG_INVALID',
          'Configuration is invalid. With LAUNCHER=docker and no DATABASE_URL, set DOCKER_NETWORK=host so jobs reach the embedded database on 127.0.0.1 (Linux), or set DATABASE_URL.',
          { kind: 'config' },
        );
      }
      return {
        kind: 'docker',
        docker: p.DOCKER_BIN,
        image: p.DOCKER_IMAGE,
        memoryMib: p.DOCKER_MEMORY_MIB,
        boostedMemoryMib: p.DOCKER_OOM_MEMORY_MIB ?? p.DOCKER_MEMORY_MIB * 2,
        cpus: p.DOCKER_CPUS,
        network: p.DOCKER_NETWORK,
        forwardEnv: p.DOCKER_FORWARD_ENV,
        jobEnv: jobEnv(),
        stopTimeoutSeconds: p.DOCKER_STOP_TIMEOUT_SECONDS,
      };
    }
    case 'render': {
      const p = parseEnv(render, env);
      return {
        kind: 'render',
        apiUrl: p.RENDER_API_URL.replace(/\/+$/, ''),
        apiKey: new Secret(p.RENDER_API_KEY),
        serviceId: p.RENDER_JOB_SERVICE_ID,
        planId: p.RENDER_PLAN_ID,
        startCommand: p.RENDER_JOB_COMMAND,
        timeoutMs: p.RENDER_TIMEOUT_MS,
      };
    }
    case 'ecs': {
      const p = parseEnv(ecs, env);
      return {
        kind: 'ecs',
        region: p.AWS_REGION,
        endpoint: p.ECS_ENDPOINT,
        cluster: p.ECS_CLUSTER,
        taskDefinition: p.ECS_TASK_DEFINITION,
        containerName: p.ECS_CONTAINER_NAME,
        subnets: p.ECS_SUBNETS,
        securityGroups: p.ECS_SECURITY_GROUPS,
        assignPublicIp: p.ECS_ASSIGN_PUBLIC_IP,
        capacity: p.ECS_CAPACITY,
        startedBy: p.ECS_STARTED_BY,
        memoryMib: p.ECS_TASK_MEMORY_MIB,
        boostedMemoryMib: p.ECS_OOM_MEMORY_MIB,
        boostedCpu: p.ECS_OOM_CPU,
        ephemeralStorageGib: p.ECS_EPHEMERAL_STORAGE_GIB,
        logGroup: p.ECS_LOG_GROUP,
        logStreamPrefix: p.ECS_LOG_STREAM_PREFIX,
      };
    }
  }
}

/** What local and docker jobs inherit: this environment without the dispatcher's secrets. */
function jobEnvironment(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !DISPATCHER_ONLY.includes(key)) out[key] = value;
  }
  return out;
}
