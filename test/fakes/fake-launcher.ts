import type {
  ContainerState,
  Launched,
  Launcher,
  LauncherName,
  LaunchSpec,
  MemoryLimits,
} from '../../dispatcher/launch/launcher.js';

/**
 * A launcher that starts nothing: it records each launch and answers `inspect` from states the
 * test sets (by job id), as a platform would. For the reconciler's tests and the dispatch
 * benchmark ("a launcher that records without starting"). Not for launcher tests: those run the
 * real adapters against loopback fakes of the platform APIs.
 */
export class FakeLauncher implements Launcher {
  readonly launches: LaunchSpec[] = [];
  readonly stops: Array<{ externalId: string; reason: string }> = [];
  readonly #states = new Map<string, ContainerState>();
  readonly #launchErrors: Error[] = [];
  inspectError: Error | undefined;

  constructor(
    readonly name: LauncherName = 'ecs',
    readonly memory: MemoryLimits | undefined = undefined,
  ) {}

  /** The external id a launch of this attempt gets. */
  static externalId(jobId: string, attempt: number): string {
    return `fake-${jobId}-${attempt}`;
  }

  async launch(spec: LaunchSpec): Promise<Launched> {
    const error = this.#launchErrors.shift();
    if (error) throw error;
    this.launches.push(spec);
    const externalId = FakeLauncher.externalId(spec.jobId, spec.attempt);
    this.#states.set(externalId, { state: 'pending' });
    return { externalId, logRef: `fake:${externalId}` };
  }

  async inspect(externalIds: readonly string[]): Promise<Map<string, ContainerState>> {
    if (this.inspectError) throw this.inspectError;
    return new Map(
      externalIds.map((id) => [
        id,
        this.#states.get(id) ?? { state: 'missing', reason: 'unknown' },
      ]),
    );
  }

  async stop(externalId: string, reason: string): Promise<void> {
    this.stops.push({ externalId, reason });
    const state = this.#states.get(externalId);
    if (state && (state.state === 'running' || state.state === 'pending')) {
      this.#states.set(externalId, { state: 'exited', exitCode: 143, cause: 'stopped', reason });
    }
  }

  /** What the platform says about this attempt's container from now on. */
  setState(jobId: string, attempt: number, state: ContainerState): void {
    this.#states.set(FakeLauncher.externalId(jobId, attempt), state);
  }

  forget(jobId: string, attempt: number): void {
    this.#states.delete(FakeLauncher.externalId(jobId, attempt));
  }

  /** The next launch throws this. */
  failNextLaunch(error: Error): void {
    this.#launchErrors.push(error);
  }
}
