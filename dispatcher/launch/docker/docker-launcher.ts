import path from 'node:path';
import { execa } from 'execa';
import { type ChildExit, ChildProcesses } from '../child-processes.js';
import { launchFailed } from '../launch-error.js';
import type { ContainerState, Launched, Launcher, LaunchSpec, MemoryLimits } from '../launcher.js';
import { containerName, type DockerSettings, dockerRunArgs } from './docker-run-args.js';

export interface DockerLauncherOptions extends DockerSettings {
  /** The docker binary. */
  docker: string;
  /** The docker CLI's environment: where `--env NAME` values come from. */
  env: Record<string, string>;
  /** What the one retry after an OOM kill gets. */
  boostedMemoryMib: number;
  logDir: string;
  oneAtATime: boolean;
}

/**
 * `docker run --rm` per attempt, attached: the docker CLI is a child process whose exit code is
 * the container's and whose output goes to the attempt's log file. The external id is the
 * container name; a restarted dispatcher asks `docker inspect`.
 */
export class DockerLauncher implements Launcher {
  readonly name = 'docker';
  readonly memory: MemoryLimits;
  readonly #children: ChildProcesses;

  constructor(private readonly options: DockerLauncherOptions) {
    this.memory = { defaultMib: options.memoryMib, boostedMib: options.boostedMemoryMib };
    // The CLI proxies SIGTERM to the container; `docker stop` is what stop() uses.
    this.#children = new ChildProcesses({ killGraceMs: (options.stopTimeoutSeconds + 5) * 1000 });
  }

  async launch(spec: LaunchSpec): Promise<Launched> {
    if (this.options.oneAtATime && this.#children.running > 0) {
      if (!(await this.#children.waitForIdle(30_000))) {
        throw launchFailed('The previous job container is still running; launching later.', {
          retryable: true,
        });
      }
    }
    const name = containerName(spec);
    const logFile = path.join(this.options.logDir, `${spec.jobId}.${spec.attempt}.log`);
    await this.#children.start(
      { file: this.options.docker, args: dockerRunArgs(this.options, spec), env: this.options.env },
      logFile,
      name,
    );
    return { externalId: name, logRef: `file:${logFile}` };
  }

  async inspect(externalIds: readonly string[]): Promise<Map<string, ContainerState>> {
    const states = new Map<string, ContainerState>();
    for (const name of externalIds) {
      const known = this.#children.state(name);
      if (known === 'running') states.set(name, { state: 'running' });
      else if (known) states.set(name, dockerExit(known));
      else states.set(name, await this.#inspectContainer(name));
    }
    return states;
  }

  async stop(externalId: string): Promise<void> {
    // Marks the stop as ours (the CLI also forwards the SIGTERM), then asks the daemon.
    this.#children.stop(externalId);
    await execa(
      this.options.docker,
      ['stop', '--time', String(this.options.stopTimeoutSeconds), externalId],
      { env: this.options.env, extendEnv: false, reject: false },
    );
  }

  /** Stops the containers this process started (dispatcher shutdown). */
  async stopAll(): Promise<void> {
    await this.#children.stopAll();
  }

  async #inspectContainer(name: string): Promise<ContainerState> {
    const result = await execa(
      this.options.docker,
      ['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}', name],
      { env: this.options.env, extendEnv: false, reject: false },
    );
    if (result.exitCode !== 0) return { state: 'missing', reason: `no container ${name}` };
    const [status, code, oom] = result.stdout.trim().split(' ');
    if (status === 'running' || status === 'restarting') return { state: 'running' };
    if (status === 'created') return { state: 'pending' };
    const exitCode = Number(code);
    return oom === 'true'
      ? { state: 'exited', exitCode, cause: 'oom', reason: 'OOMKilled' }
      : { state: 'exited', exitCode, cause: 'exit', reason: `docker status ${status}` };
  }
}

/**
 * The docker CLI's exit code is the container's; 125–127 mean docker could not run it. With
 * `--rm` the container is gone before it can be inspected, so an unrequested 137 (SIGKILL) is
 * taken as the memory limit's OOM kill.
 */
export function dockerExit(exit: ChildExit): ContainerState {
  const code = exit.exitCode;
  if (code === 125 || code === 126 || code === 127) {
    return {
      state: 'exited',
      exitCode: code,
      cause: 'failed_to_start',
      reason: 'docker run failed',
    };
  }
  if (code === 137 || exit.signal === 'SIGKILL') {
    const cause = exit.stopRequested ? 'stopped' : 'oom';
    return { state: 'exited', exitCode: 137, cause, reason: 'killed by SIGKILL' };
  }
  if (code === 143) {
    const cause = exit.stopRequested ? 'stopped' : 'interrupted';
    return { state: 'exited', exitCode: 143, cause, reason: 'stopped by SIGTERM' };
  }
  return { state: 'exited', exitCode: code, cause: 'exit', reason: null };
}
