import type { LaunchSpec } from '../launcher.js';

export interface DockerSettings {
  image: string;
  /** Memory of an attempt (`--memory`, swap off so running out is an OOM kill, not thrashing). */
  memoryMib: number;
  cpus: number;
  /** e.g. `host`, so a job reaches the embedded database on 127.0.0.1. */
  network: string | undefined;
  /**
   * Environment variable names passed as `-e NAME`: docker copies each value from its own
   * environment, so values never appear in the command line (`ps`, logs).
   */
  forwardEnv: readonly string[];
  /** A host folder mounted read-only as the job's storage (local uploads). */
  storageDir: string | undefined;
  /** SIGTERM → SIGKILL grace (`docker stop` and the daemon's own stops). */
  stopTimeoutSeconds: number;
}

/** Where the storage folder appears inside the container. */
export const CONTAINER_STORAGE_DIR = '/data/storage';

/** One name per attempt, so a retry never collides with a container still being removed. */
export function containerName(spec: LaunchSpec): string {
  return `soulprint-job-${spec.jobId}-${spec.attempt}`;
}

/** `docker run --rm …` for one attempt; the image's entrypoint is the job CLI. Pure. */
export function dockerRunArgs(settings: DockerSettings, spec: LaunchSpec): string[] {
  const memory = `${spec.memoryMib ?? settings.memoryMib}m`;
  const args = [
    'run',
    '--rm',
    '--name',
    containerName(spec),
    '--label',
    `soulprint.job-id=${spec.jobId}`,
    '--label',
    `soulprint.attempt=${spec.attempt}`,
    '--memory',
    memory,
    '--memory-swap',
    memory,
    '--cpus',
    String(settings.cpus),
    '--stop-timeout',
    String(settings.stopTimeoutSeconds),
  ];
  if (settings.network) args.push('--network', settings.network);
  for (const name of settings.forwardEnv) args.push('--env', name);
  if (settings.storageDir) {
    args.push(
      '--volume',
      `${settings.storageDir}:${CONTAINER_STORAGE_DIR}:ro`,
      '--env',
      `SOULPRINT_STORAGE_DIR=${CONTAINER_STORAGE_DIR}`,
    );
  }
  args.push(settings.image, 'run', '--job-id', spec.jobId);
  return args;
}
