import { readFile } from 'node:fs/promises';
import { execa } from 'execa';

/**
 * Runs the built CLI as a child process and measures it from outside: wall time, and peak RSS
 * read from the kernel (`VmHWM` in /proc/<pid>/status, the high-water mark, sampled every
 * 50 ms until exit, so a process that dies of its own size is measured too).
 */
export const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;

export interface MeasuredRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssBytes: number;
}

export async function runMeasured(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = execa('node', [MAIN, ...args], {
    reject: false,
    env: { SOULPRINT_DEBUG: '', ...options.env },
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  let peak = 0;
  const sample = async () => {
    if (child.pid === undefined) return;
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (match) peak = Math.max(peak, Number(match[1]) * 1024);
  };
  const timer = setInterval(() => void sample(), 50);
  try {
    const result = await child;
    return {
      exitCode: result.exitCode,
      stdout: String(result.stdout),
      stderr: String(result.stderr),
      wallMs: performance.now() - started,
      peakRssBytes: peak,
    };
  } finally {
    clearInterval(timer);
  }
}
