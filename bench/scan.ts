/**
 * `npm run bench:scan`: how fast and how flat `inspect` reads an export, side by side in one run
 * with stream-json's streamArray and whole-file JSON.parse over the same JSON, then `inspect`
 * again at ~3× the size. Each measurement is a separate child process, so peak RSS is its own.
 * Generated exports are cached in `.bench/` (git-ignored).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ensureSyntheticExport } from './synthetic-exports.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MAIN = join(ROOT, 'dist/job/main.js');
const MB = 1024 * 1024;

interface Measurement {
  name: string;
  input: string;
  inputBytes: number;
  wallMs: number;
  peakRssBytes: number;
}

async function measure(
  name: string,
  input: string,
  jsonBytes: number,
  command: string[],
): Promise<Measurement> {
  const started = performance.now();
  const result = await execa('node', command, { reject: false });
  const wallMs = performance.now() - started;
  if (result.exitCode !== 0)
    throw new Error(`${name} failed (exit ${result.exitCode}): ${result.stderr}`);
  const output = JSON.parse(result.stdout.trim().split('\n').pop()!);
  return { name, input, inputBytes: jsonBytes, wallMs, peakRssBytes: output.peakRssBytes };
}

async function inspectJsonBytes(zip: string): Promise<number> {
  const result = await execa('node', [MAIN, 'inspect', zip, '--json']);
  return JSON.parse(result.stdout).jsonBytes;
}

function row(m: Measurement): string {
  const seconds = m.wallMs / 1000;
  return [
    m.name.padEnd(34),
    m.input.padEnd(18),
    `${(m.inputBytes / MB).toFixed(0)} MB`.padStart(8),
    `${seconds.toFixed(2)} s`.padStart(9),
    `${(m.inputBytes / MB / seconds).toFixed(0)} MB/s`.padStart(10),
    `${(m.peakRssBytes / MB).toFixed(0)} MB`.padStart(9),
  ].join('  ');
}

async function main(): Promise<void> {
  if (!existsSync(MAIN))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench:scan does).');
  const zip1 = await ensureSyntheticExport('scan-300mb', 300e6, 'zip');
  const json1 = await ensureSyntheticExport('scan-300mb', 300e6, 'json');
  const zip3 = await ensureSyntheticExport('scan-900mb', 900e6, 'zip');
  const bytes1 = await inspectJsonBytes(zip1);
  const bytes3 = await inspectJsonBytes(zip3);

  const ours = await measure('inspect (ZIP, ours)', 'scan-300mb.zip', bytes1, [
    MAIN,
    'inspect',
    zip1,
    '--json',
  ]);
  const oursJson = await measure('inspect (JSON, ours)', 'scan-300mb.json', bytes1, [
    MAIN,
    'inspect',
    json1,
    '--json',
  ]);
  const streamJson = await measure('stream-json streamArray only', 'scan-300mb.json', bytes1, [
    join(ROOT, 'bench/baselines/stream-json-scan.mjs'),
    json1,
  ]);
  const wholeParse = await measure('JSON.parse of the whole file', 'scan-300mb.json', bytes1, [
    join(ROOT, 'bench/baselines/json-parse-whole.mjs'),
    json1,
  ]);
  const large = await measure('inspect (ZIP, ours) at ~3×', 'scan-900mb.zip', bytes3, [
    MAIN,
    'inspect',
    zip3,
    '--json',
  ]);

  const header = [
    'measurement'.padEnd(34),
    'input'.padEnd(18),
    'JSON'.padStart(8),
    'wall'.padStart(9),
    'rate'.padStart(10),
    'peak RSS'.padStart(9),
  ];
  console.log(header.join('  '));
  for (const m of [ours, oursJson, streamJson, wholeParse, large]) console.log(row(m));

  const vsStream = streamJson.wallMs / ours.wallMs;
  const vsParse = wholeParse.wallMs / ours.wallMs;
  const check = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  console.log('');
  console.log(
    `inspect (ZIP) vs stream-json:      ${vsStream.toFixed(2)}× faster   target ≥ 3×: ${check(vsStream >= 3)}`,
  );
  console.log(
    `inspect (ZIP) vs whole JSON.parse: ${vsParse.toFixed(2)}× faster   target > 1×: ${check(vsParse > 1)}`,
  );
  const rss = [ours.peakRssBytes, large.peakRssBytes].map((b) => (b / MB).toFixed(0));
  const flat = ours.peakRssBytes <= 150 * MB && large.peakRssBytes <= 150 * MB;
  console.log(
    `inspect peak RSS at 1× / 3×:       ${rss[0]} MB / ${rss[1]} MB   target ≤ 150 MB: ${check(flat)}`,
  );
  console.log(
    '(old system, 293 MB export: parse 5.5 s at 1.29 GB peak; stream-json 6.4 s; whole JSON.parse 3.3 s)',
  );
}

await main();
