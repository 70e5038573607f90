import type { ChildCommand } from '../child-processes.js';
import type { LaunchSpec } from '../launcher.js';

export interface LocalJobSettings {
  /** The node binary (the dispatcher's own). */
  nodePath: string;
  /** The job's entry point, `dist/job/main.js`. */
  jobEntry: string;
  /** The environment jobs inherit: the dispatcher's, without its own secrets. */
  baseEnv: Readonly<Record<string, string>>;
  /** Overrides DATABASE_URL: the embedded database's socket, when the dispatcher hosts it. */
  databaseUrl: string | undefined;
  /** The embedded database serves one connection: the job's pool must be one. */
  singleConnection: boolean;
  /** Absolute; where `storage_path` is resolved. */
  storageDir: string;
  cwd: string;
}

/** `node dist/job/main.js run --job-id <id>` with its environment. Pure. */
export function localJobCommand(settings: LocalJobSettings, spec: LaunchSpec): ChildCommand {
  const env: Record<string, string> = {
    ...settings.baseEnv,
    SOULPRINT_STORAGE_DIR: settings.storageDir,
  };
  if (settings.databaseUrl !== undefined) env.DATABASE_URL = settings.databaseUrl;
  if (settings.singleConnection) env.DATABASE_POOL_MAX = '1';
  return {
    file: settings.nodePath,
    args: [settings.jobEntry, 'run', '--job-id', spec.jobId],
    env,
    cwd: settings.cwd,
  };
}
