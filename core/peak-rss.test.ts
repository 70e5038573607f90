import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { peakRssBytes } from './peak-rss.js';

describe('peakRssBytes', () => {
  it('is at least the current RSS and grows when memory is touched', () => {
    const before = peakRssBytes();
    expect(before).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.9);
    const touched = Buffer.alloc(64 * 1024 * 1024, 1);
    expect(peakRssBytes()).toBeGreaterThanOrEqual(before + touched.length * 0.5);
  });

  it.runIf(process.platform === 'linux')(
    "does not report a large parent's memory in a small child",
    () => {
      // This test process holds a 256 MB buffer while it starts the child.
      const ballast = Buffer.alloc(256 * 1024 * 1024, 1);
      const script = `import('${new URL('./peak-rss.ts', import.meta.url).pathname}')
        .then((m) => console.log(m.peakRssBytes()))`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        encoding: 'utf8',
      });
      expect(ballast.length).toBeGreaterThan(0);
      // getrusage's maxRSS in the child says more than 256 MB here (it survives the exec).
      expect(Number(out)).toBeLessThan(200 * 1024 * 1024);
    },
  );
});
