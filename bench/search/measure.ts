/** Recall and latency of one layout's searches, and the rate of a save beside it. */
import { CopyBinaryWriter } from '../../core/db/copy-binary.js';
import type { Database } from '../../core/db/database.js';
import { encodeChunkRow, saveChunks } from '../../core/db/save-chunks.js';
import { type BenchUser, benchChunk, benchUser } from './dataset.js';
import type { Layout } from './layouts.js';
import type { VectorSpace } from './vector-space.js';

export interface Query {
  user: BenchUser;
  vector: Float32Array;
  tier: string | null;
}

export interface SearchFigures {
  recall: number;
  p50: number;
  p95: number;
  results: string[][];
}

/** Runs every query (after a few unmeasured ones) and compares with `truth` when given. */
export async function measureSearches(
  db: Database,
  layout: Layout,
  queries: readonly Query[],
  truth: readonly string[][] | null,
): Promise<SearchFigures> {
  for (const q of queries.slice(0, 5)) await layout.search(db, q.user, q.vector, q.tier);
  const times: number[] = [];
  const results: string[][] = [];
  for (const q of queries) {
    const started = performance.now();
    results.push(await layout.search(db, q.user, q.vector, q.tier));
    times.push(performance.now() - started);
  }
  let found = 0;
  let wanted = 0;
  if (truth) {
    results.forEach((ids, i) => {
      const expected = new Set(truth[i]);
      wanted += expected.size;
      found += ids.filter((id) => expected.has(id)).length;
    });
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { recall: truth ? found / Math.max(1, wanted) : 1, p50: at(0.5), p95: at(0.95), results };
}

export interface SaveFigures {
  rows: number;
  seconds: number;
  bytes: number;
}

/**
 * A new import of `rows` chunks saved with COPY (as the job saves) into the loaded table, then
 * removed again: what an import pays with this layout and everyone else's rows in place.
 */
export async function measureSave(
  db: Database,
  space: VectorSpace,
  rows: number,
): Promise<SaveFigures> {
  const user = benchUser(space, rows);
  await db.query('insert into auth.users (id) values ($1::uuid)', [user.userId]);
  const chunks = Array.from({ length: rows }, (_, i) => benchChunk(space, user, i));
  const writer = new CopyBinaryWriter();
  for (const chunk of chunks) encodeChunkRow(writer, chunk);
  const bytes = writer.bytes;
  const started = performance.now();
  for (let i = 0; i < rows; i += 512) await saveChunks(db, chunks.slice(i, i + 512));
  const seconds = (performance.now() - started) / 1000;
  await db.query('delete from auth.users where id = $1::uuid', [user.userId]);
  return { rows, seconds, bytes };
}
