/**
 * `npm run bench:chunk`: the ~300 MB synthetic export read, chunked in three tiers, embedded
 * with the local lexical embedder and saved into the embedded PGlite database, each measured as
 * its own process (bench/runners/save-chunks.mjs), beside the old system's figures
 * (ORIGINAL-SYSTEM.md: one tier, 33,335 chunks, chunking alone 6.0 s after a 5.5 s parse, 1.29 GB
 * peak). Then what receiving a batch of real-sized embeddings costs, as JSON numbers and as
 * base64 (bench/embedding-decode.ts).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { embeddingDecodeLines } from './embedding-decode.js';
import { BENCH_CACHE, ensureSyntheticExport } from './synthetic-exports.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNNER = join(ROOT, 'bench/runners/save-chunks.mjs');
const MB = 1024 * 1024;

interface RunResult {
  conversations: number;
  chunks: { micro: number; medium: number; macro: number };
  elapsedMs: number;
  peakRssBytes: number;
}

async function run(...args: string[]): Promise<RunResult> {
  const result = await execa('node', [RUNNER, ...args], { reject: false });
  if (result.exitCode !== 0)
    throw new Error(`runner failed (exit ${result.exitCode}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

function line(name: string, r: RunResult): string {
  const total = r.chunks.micro + r.chunks.medium + r.chunks.macro;
  const seconds = r.elapsedMs / 1000;
  return [
    name.padEnd(40),
    `${r.chunks.micro}`.padStart(8),
    `${r.chunks.medium}`.padStart(8),
    `${r.chunks.macro}`.padStart(7),
    `${total}`.padStart(8),
    `${seconds.toFixed(1)} s`.padStart(8),
    `${Math.round(total / seconds)}`.padStart(9),
    `${(r.peakRssBytes / MB).toFixed(0)} MB`.padStart(9),
  ].join('  ');
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/job/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench:chunk does).');
  const zip = await ensureSyntheticExport('scan-300mb', 300e6, 'zip');
  const dataDir = await mkdtemp(join(BENCH_CACHE, 'chunk-db-'));
  try {
    const chunked = await run('chunk', zip);
    // Create the database first: PGlite's one-time initdb is not part of an import.
    await execa('node', [join(ROOT, 'dist/job/main.js'), 'migrate', '--data-dir', dataDir]);
    const saved = await run('save', zip, dataDir);
    console.log(`${chunked.conversations} conversations from ${zip}\n`);
    console.log(
      [
        'measurement'.padEnd(40),
        'micro'.padStart(8),
        'medium'.padStart(8),
        'macro'.padStart(7),
        'chunks'.padStart(8),
        'time'.padStart(8),
        'chunks/s'.padStart(9),
        'peak RSS'.padStart(9),
      ].join('  '),
    );
    console.log(line('read + chunk (3 tiers)', chunked));
    console.log(line('read + chunk + embed + save (PGlite)', saved));
    console.log(
      `${'old system: chunk only (1 tier)'.padEnd(40)}  ${'—'.padStart(8)}  ${'33335'.padStart(8)}  ${'—'.padStart(7)}  ${'33335'.padStart(8)}  ${'6.0 s'.padStart(8)}  ${'5556'.padStart(9)}  ${'1290 MB'.padStart(9)}`,
    );
    console.log(
      '(old system: the 6.0 s of chunking came after a 5.5 s whole-file parse; its peak was 1.29 GB)',
    );
    console.log(`\n${(await embeddingDecodeLines()).join('\n')}`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
