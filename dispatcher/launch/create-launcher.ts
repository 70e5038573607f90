import { ECSClient } from '@aws-sdk/client-ecs';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../core/retry.js';
import { DockerLauncher } from './docker/docker-launcher.js';
import { EcsLauncher } from './ecs/ecs-launcher.js';
import type { Launcher } from './launcher.js';
import type { LauncherConfig } from './launcher-config.js';
import { LocalLauncher } from './local/local-launcher.js';
import { RenderLauncher } from './render/render-launcher.js';

export interface LauncherContext {
  /** DATABASE_URL for local and docker jobs when the dispatcher hosts the embedded database. */
  jobDatabaseUrl: string | undefined;
  /** Jobs share the embedded database's single socket connection: one job at a time. */
  oneAtATime: boolean;
  storageDir: string;
  jobLogDir: string;
  /** Where the local launcher runs jobs from (the package root). */
  cwd: string;
}

/** Platform API calls: the project's retry policy, three attempts. */
const API_RETRY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };

export interface CreatedLauncher {
  launcher: Launcher;
  /** At shutdown: stops the jobs this process runs as children (local, docker). */
  stopChildren(): Promise<void>;
}

/** The one launcher the configuration picks (the composition root calls this once). */
export function createLauncher(config: LauncherConfig, context: LauncherContext): CreatedLauncher {
  const launcher = buildLauncher(config, context);
  return {
    launcher,
    stopChildren: () =>
      launcher instanceof LocalLauncher || launcher instanceof DockerLauncher
        ? launcher.stopAll()
        : Promise.resolve(),
  };
}

function buildLauncher(config: LauncherConfig, context: LauncherContext): Launcher {
  switch (config.kind) {
    case 'local':
      return new LocalLauncher({
        nodePath: config.nodePath,
        jobEntry: config.jobEntry,
        baseEnv: config.jobEnv,
        databaseUrl: context.jobDatabaseUrl,
        singleConnection: context.jobDatabaseUrl !== undefined,
        storageDir: context.storageDir,
        cwd: context.cwd,
        logDir: context.jobLogDir,
        oneAtATime: context.oneAtATime,
        killGraceMs: config.killGraceMs,
      });
    case 'docker': {
      const env = { ...config.jobEnv };
      if (context.jobDatabaseUrl !== undefined) {
        env.DATABASE_URL = context.jobDatabaseUrl;
        env.DATABASE_POOL_MAX = '1';
      }
      return new DockerLauncher({
        docker: config.docker,
        env,
        image: config.image,
        memoryMib: config.memoryMib,
        boostedMemoryMib: config.boostedMemoryMib,
        cpus: config.cpus,
        network: config.network,
        forwardEnv: config.forwardEnv.filter((name) => env[name] !== undefined),
        storageDir: context.storageDir,
        stopTimeoutSeconds: config.stopTimeoutSeconds,
        logDir: context.jobLogDir,
        oneAtATime: context.oneAtATime,
      });
    }
    case 'render':
      return new RenderLauncher({
        apiUrl: config.apiUrl,
        apiKey: config.apiKey,
        timeoutMs: config.timeoutMs,
        retry: API_RETRY,
        serviceId: config.serviceId,
        startCommand: config.startCommand,
        planId: config.planId,
      });
    case 'ecs': {
      const client = new ECSClient({
        region: config.region,
        maxAttempts: 1,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      });
      const memory =
        config.memoryMib !== undefined && config.boostedMemoryMib !== undefined
          ? { defaultMib: config.memoryMib, boostedMib: config.boostedMemoryMib }
          : undefined;
      return new EcsLauncher(
        {
          cluster: config.cluster,
          taskDefinition: config.taskDefinition,
          containerName: config.containerName,
          subnets: config.subnets,
          securityGroups: config.securityGroups,
          assignPublicIp: config.assignPublicIp,
          capacity: config.capacity,
          startedBy: config.startedBy,
          boostedCpu: config.boostedCpu,
          ephemeralStorageGib: config.ephemeralStorageGib,
          logGroup: config.logGroup,
          logStreamPrefix: config.logStreamPrefix,
          memory,
          retry: API_RETRY,
        },
        client,
      );
    }
  }
}
