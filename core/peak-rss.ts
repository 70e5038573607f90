import { readFileSync } from 'node:fs';

/**
 * The process's peak resident memory, in bytes. On Linux this is `VmHWM` from
 * /proc/self/status: `getrusage`'s maxRSS (`process.resourceUsage().maxRSS`) survives exec,
 * so a process started by a large parent (a benchmark or test holding an in-memory database)
 * would report the parent's size at fork. Elsewhere, maxRSS.
 */
export function peakRssBytes(): number {
  if (process.platform === 'linux') {
    try {
      const status = readFileSync('/proc/self/status', 'utf8');
      const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
      if (kib !== undefined) return Number(kib) * 1024;
    } catch {
      // /proc not mounted (some sandboxes): fall back to getrusage.
    }
  }
  return process.resourceUsage().maxRSS * 1024;
}
