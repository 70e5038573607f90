/**
 * `npm run bench:hostile`: every hostile upload of test/hostile/ through `inspect` and `import`
 * (embedded database), each a separate child process, with its exit code, the error code it
 * printed, its wall time and its peak RSS (measured by the kernel), in one table. Set
 * SOULPRINT_HOSTILE_SCALE (default 1) to multiply the dominant dimension of each case.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HOSTILE_CASES } from '../test/hostile/hostile-exports.js';
import { runMeasured } from '../test/hostile/run-measured.js';

const ROOT = new URL('..', import.meta.url).pathname;
const scale = Number(process.env.SOULPRINT_HOSTILE_SCALE ?? '1');
const only = process.env.SOULPRINT_HOSTILE_ONLY;
const MB = 1024 * 1024;

const dir = join(ROOT, '.bench', 'hostile');
await mkdir(dir, { recursive: true });
const rows: string[][] = [];
for (const hostile of HOSTILE_CASES) {
  if (only && !hostile.name.includes(only)) continue;
  const built = await hostile.build(dir, scale);
  for (const command of ['inspect', 'import'] as const) {
    const dataDir = await mkdtemp(join(dir, 'db-'));
    const args =
      command === 'inspect'
        ? ['inspect', built.path, '--json']
        : ['import', built.path, '--json', '--data-dir', dataDir];
    const run = await runMeasured(args, { timeoutMs: 300_000 });
    await rm(dataDir, { recursive: true, force: true });
    const code =
      /error \[([A-Z_]+)\]/.exec(run.stderr)?.[1] ??
      (run.exitCode === 0 ? '' : run.stderr.slice(0, 60).replace(/\s+/g, ' '));
    rows.push([
      hostile.name,
      command,
      String(run.exitCode ?? 'killed'),
      code,
      `${(run.wallMs / 1000).toFixed(1)} s`,
      `${Math.round(run.peakRssBytes / MB)} MB`,
    ]);
    console.log(rows.at(-1)!.join(' | '));
  }
}
console.log('\n| case | command | exit | error | wall | peak RSS |\n|---|---|---:|---|---:|---:|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
