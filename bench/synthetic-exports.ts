import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSyntheticJson, writeSyntheticZip } from '../test/support/synthetic/index.js';

/** Where benchmarks keep generated exports between runs (git-ignored). */
export const BENCH_CACHE = new URL('../.bench/', import.meta.url).pathname;

/**
 * A synthetic export of about `targetBytes` of conversation JSON (legacy layout, one
 * conversations.json), generated once and cached, so every benchmark reads the same bytes.
 */
export async function ensureSyntheticExport(
  name: string,
  targetBytes: number,
  kind: 'zip' | 'json',
): Promise<string> {
  await mkdir(BENCH_CACHE, { recursive: true });
  const path = join(BENCH_CACHE, `${name}.${kind}`);
  if (existsSync(path)) return path;
  process.stderr.write(`generating ${path} (${Math.round(targetBytes / 1e6)} MB of JSON)…\n`);
  const options = { seed: 2026, targetBytes, layout: 'legacy' as const };
  if (kind === 'zip') await writeSyntheticZip(path, options);
  else await writeSyntheticJson(path, options);
  return path;
}
