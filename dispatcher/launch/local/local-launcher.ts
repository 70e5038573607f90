import path from 'node:path';
import { type ChildExit, ChildProcesses } from '../child-processes.js';
import { launchFailed } from '../launch-error.js';
import type { ContainerState, Launched, Launcher, LaunchSpec } from '../launcher.js';
import { type LocalJobSettings, localJobCommand } from './local-job-command.js';

export interface LocalLauncherOptions extends LocalJobSettings {
  /** Per-attempt log files go here (`<job id>.<attempt>.log`). */
  logDir: string;
  /** Start a job only once the previous one has exited (the embedded database's one socket). */
  oneAtATime: boolean;
  /** After SIGTERM, how long a job has to checkpoint before SIGKILL. */
  killGraceMs: number;
}

/** How long a launch waits for the previous job to exit in one-at-a-time mode. */
const WAIT_FOR_PREVIOUS_MS = 30_000;

/**
 * A fresh child process per attempt on this machine: no cloud, no container. The external id
 * is the pid. A dispatcher restarted since the launch asks the operating system whether the pid
 * still runs (it cannot learn the exit code any more: the job's own status tells).
 */
export class LocalLauncher implements Launcher {
  readonly name = 'local';
  /** A local process gets what the machine has: a retry cannot be given more. */
  readonly memory = undefined;
  readonly #children: ChildProcesses;

  constructor(private readonly options: LocalLauncherOptions) {
    this.#children = new ChildProcesses({ killGraceMs: options.killGraceMs });
  }

  async launch(spec: LaunchSpec): Promise<Launched> {
    if (this.options.oneAtATime && this.#children.running > 0) {
      const idle = await this.#children.waitForIdle(WAIT_FOR_PREVIOUS_MS);
      if (!idle) {
        throw launchFailed('The previous local job is still running; launching later.', {
          retryable: true,
        });
      }
    }
    const logFile = path.join(this.options.logDir, `${spec.jobId}.${spec.attempt}.log`);
    const pid = await this.#children.start(localJobCommand(this.options, spec), logFile);
    return { externalId: String(pid), logRef: `file:${logFile}` };
  }

  async inspect(externalIds: readonly string[]): Promise<Map<string, ContainerState>> {
    const states = new Map<string, ContainerState>();
    for (const id of externalIds) {
      const known = this.#children.state(id);
      if (known === 'running') states.set(id, { state: 'running' });
      else if (known) states.set(id, exitedState(known));
      else if (isRunning(Number(id))) states.set(id, { state: 'running' });
      else states.set(id, { state: 'missing', reason: `process ${id} is not running` });
    }
    return states;
  }

  async stop(externalId: string): Promise<void> {
    if (this.#children.stop(externalId)) return;
    const pid = Number(externalId);
    if (this.#children.state(externalId) === undefined && isRunning(pid)) {
      process.kill(pid, 'SIGTERM');
    }
  }

  /** Stops the running jobs (dispatcher shutdown): they checkpoint and are retried. */
  stopAll(): Promise<void> {
    return this.#children.stopAll();
  }
}

/**
 * A local exit. A SIGKILL nobody asked for is the kernel's OOM killer (the job leaves no final
 * status); a SIGTERM nobody asked for is the machine shutting down (the job checkpoints).
 */
function exitedState(exit: ChildExit): ContainerState {
  const reason = exit.signal ? `ended by ${exit.signal}` : null;
  if (exit.signal === 'SIGKILL') {
    return {
      state: 'exited',
      exitCode: 137,
      cause: exit.stopRequested ? 'stopped' : 'oom',
      reason,
    };
  }
  if (exit.signal === 'SIGTERM') {
    const cause = exit.stopRequested ? 'stopped' : 'interrupted';
    return { state: 'exited', exitCode: exit.exitCode ?? 143, cause, reason };
  }
  return { state: 'exited', exitCode: exit.exitCode, cause: 'exit', reason };
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
