import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES } from './hostile-exports.js';
import { runMeasured } from './run-measured.js';

/**
 * Hostile uploads through the real CLI, each a child process measured from outside: `inspect`
 * and `import` (embedded database) end with the expected outcome, one `error [CODE]` line when
 * they refuse, and peak RSS under the targets (300 MB for inspect, 700 MB for import, of which
 * the embedded PGlite is ~400 MB). The time limit only guards against hangs; speed is
 * `npm run bench:hostile`'s. `SOULPRINT_HOSTILE_HUGE=1` runs the 10× variants.
 */
const MB = 1024 * 1024;
const INSPECT_PEAK = 300 * MB;
const IMPORT_PEAK = 700 * MB;
const scale = process.env.SOULPRINT_HOSTILE_HUGE === '1' ? 10 : 1;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(HOSTILE_CASES)('hostile upload: $name', (hostile) => {
  let built: Awaited<ReturnType<typeof hostile.build>>;
  beforeAll(async () => {
    const caseDir = join(dir, String(HOSTILE_CASES.indexOf(hostile)));
    await mkdir(caseDir);
    built = await hostile.build(caseDir, scale);
  }, 300_000);

  it('inspect ends as expected, within its memory', async () => {
    const run = await runMeasured(['inspect', built.path, '--json']);
    expectOutcome(run);
    if (built.expect.outcome === 'reads') {
      const report = JSON.parse(run.stdout);
      expect(report.conversations.read).toBe(built.expect.conversations);
      expect(report.skipped).toEqual(built.expect.skipped ?? {});
    }
    expect(run.peakRssBytes).toBeGreaterThan(0);
    expect(run.peakRssBytes).toBeLessThan(INSPECT_PEAK);
  }, 300_000);

  it('import ends as expected, within its memory', async () => {
    const dataDir = join(dir, `db-${HOSTILE_CASES.indexOf(hostile)}`);
    const run = await runMeasured(['import', built.path, '--json', '--data-dir', dataDir]);
    expectOutcome(run);
    if (built.expect.outcome === 'reads') {
      expect(JSON.parse(run.stdout)).toMatchObject({
        status: 'complete',
        conversations: built.expect.conversations,
      });
    }
    expect(run.peakRssBytes).toBeLessThan(IMPORT_PEAK);
    await rm(dataDir, { recursive: true, force: true });
  }, 300_000);

  function expectOutcome(run: Awaited<ReturnType<typeof runMeasured>>): void {
    const errorLines = run.stderr.split('\n').filter((line) => line.startsWith('error ['));
    if (built.expect.outcome === 'refuses') {
      expect(run.exitCode, run.stderr).toBe(2);
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(new RegExp(`^error \\[${built.expect.code}\\]: `));
      // Nothing from the upload can start another line or drive the terminal: every other line
      // is one of the job's own JSON log lines.
      const others = run.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('error ['));
      for (const line of others) expect(JSON.parse(line)).toHaveProperty('level');
      expect(run.stderr).not.toContain('\u001b');
    } else {
      expect(run.exitCode, run.stderr).toBe(0);
      expect(errorLines).toEqual([]);
    }
  }
});
