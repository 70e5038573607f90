import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { launchFailed } from './launch-error.js';

/** A program to run: what the local and docker launchers build with pure functions. */
export interface ChildCommand {
  file: string;
  args: string[];
  /** The whole environment of the child (nothing is inherited beyond this). */
  env: Record<string, string>;
  cwd?: string;
}

export interface ChildExit {
  /** Null when a signal ended it. */
  exitCode: number | null;
  /** e.g. 'SIGKILL'. */
  signal: string | null;
  /** True when `stop` asked it to end (so a SIGKILL was ours, not the OOM killer's). */
  stopRequested: boolean;
}

interface Child {
  pid: number;
  kill(signal?: NodeJS.Signals): boolean;
  done: Promise<ChildExit>;
  exit: ChildExit | undefined;
  exitedAt: number | undefined;
  stopRequested: boolean;
}

/** Exited children are forgotten after this long (their state has been read by then). */
const FORGET_AFTER_MS = 60 * 60 * 1000;

/**
 * The child processes this dispatcher started (one per attempt), with stdout and stderr
 * appended to a per-attempt log file. What a restarted dispatcher no longer knows, the
 * launchers ask the operating system (or docker) about.
 */
export class ChildProcesses {
  readonly #children = new Map<string, Child>();

  constructor(private readonly options: { killGraceMs: number }) {}

  /** Starts `command`; it is known by `key`, or by its pid when no key is given. */
  async start(command: ChildCommand, logFile: string, key?: string): Promise<number> {
    this.#forgetOld();
    await mkdir(path.dirname(logFile), { recursive: true });
    const subprocess = execa(command.file, command.args, {
      env: command.env,
      extendEnv: false,
      ...(command.cwd ? { cwd: command.cwd } : {}),
      stdin: 'ignore',
      stdout: { file: logFile, append: true },
      stderr: { file: logFile, append: true },
      reject: false,
      forceKillAfterDelay: this.options.killGraceMs,
    });
    const pid = subprocess.pid;
    if (pid === undefined) {
      const result = await subprocess;
      throw launchFailed(`Could not start ${command.file}: ${result.shortMessage}`, {
        retryable: false,
        cause: result,
      });
    }
    const child: Child = {
      pid,
      kill: (signal) => subprocess.kill(signal),
      exit: undefined,
      exitedAt: undefined,
      stopRequested: false,
      done: subprocess.then((result) => {
        const exit = {
          exitCode: result.exitCode ?? null,
          signal: result.signal ?? null,
          stopRequested: child.stopRequested,
        };
        child.exit = exit;
        child.exitedAt = Date.now();
        return exit;
      }),
    };
    this.#children.set(key ?? String(pid), child);
    return pid;
  }

  /** 'running', how it exited, or undefined when this process did not start it. */
  state(key: string): 'running' | ChildExit | undefined {
    const child = this.#children.get(key);
    if (!child) return undefined;
    return child.exit ?? 'running';
  }

  /** Children still running. */
  get running(): number {
    let count = 0;
    for (const child of this.#children.values()) if (!child.exit) count++;
    return count;
  }

  /** Resolves true once no child runs, false after `timeoutMs`. */
  async waitForIdle(timeoutMs: number): Promise<boolean> {
    const pending = [...this.#children.values()].filter((c) => !c.exit).map((c) => c.done);
    if (pending.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const idle = Promise.all(pending).then(() => true as const);
    try {
      return await Promise.race([idle, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL after the grace period. False when it is not ours or has exited. */
  stop(key: string): boolean {
    const child = this.#children.get(key);
    if (!child || child.exit) return false;
    child.stopRequested = true;
    return child.kill('SIGTERM');
  }

  /** Stops every running child and waits for them (dispatcher shutdown). */
  async stopAll(): Promise<void> {
    for (const key of this.#children.keys()) this.stop(key);
    await Promise.all([...this.#children.values()].map((c) => c.done));
  }

  #forgetOld(): void {
    const now = Date.now();
    for (const [key, child] of this.#children) {
      if (child.exitedAt !== undefined && now - child.exitedAt > FORGET_AFTER_MS) {
        this.#children.delete(key);
      }
    }
  }
}
