/**
 * `npm run bench:db`: writing conversation chunks with 1024-dimension embeddings into PGlite,
 * through both adapters, batched (this project) versus one INSERT per row followed by one UPDATE
 * per row for its embedding (the old system's pattern), side by side in one run.
 *
 * The write path is measured on the migrated schema with the HNSW index dropped: maintaining it
 * costs PGlite ~10-20 ms per row whatever the pattern, which would hide the difference (and
 * take most of an hour at 50,000 rows). That cost is measured separately at the end.
 *
 * Options: --rows 50000 --old-rows 10000 --batch 500 --hnsw-rows 1000. The old pattern runs on
 * --old-rows (its rate is per row; the 50,000-row time is extrapolated and marked so); pass
 * --old-rows 50000 for the full run (about 3 more minutes).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { encodeVectorArrayBinary } from '../core/db/encode-vector-binary.js';
import { formatVector } from '../core/db/format-vector.js';
import { vectorArrayParam } from '../core/db/vector-param.js';
import { type AdapterKind, openTarget, type Target } from './db/target.js';
import { batchedInline, batchedTwoStep, DIMENSIONS, perRow, VECTORS } from './db/workload.js';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '50000' },
    'old-rows': { type: 'string', default: '10000' },
    batch: { type: 'string', default: '500' },
    'hnsw-rows': { type: 'string', default: '1000' },
  },
});
const ROWS = Number(options.rows);
const OLD_ROWS = Math.min(ROWS, Number(options['old-rows']));
const BATCH = Number(options.batch);
const HNSW_ROWS = Number(options['hnsw-rows']);

// ---------------------------------------------------------------- measuring
interface Result {
  adapter: string;
  pattern: string;
  rows: number;
  seconds: number;
}

async function measure(
  kind: AdapterKind,
  pattern: string,
  rows: number,
  run: (t: Target, rows: number) => Promise<void>,
): Promise<Result> {
  const target = await openTarget(kind);
  try {
    process.stderr.write(`${target.adapter}: ${pattern}, ${rows} rows...\n`);
    const started = performance.now();
    await run(target, rows);
    const seconds = (performance.now() - started) / 1000;
    const [count] = await target.db.query<{ n: number }>(
      'select count(embedding)::int as n from public.conversation_chunks',
    );
    if (count?.n !== rows)
      throw new RangeError(`expected ${rows} embedded rows, found ${count?.n}`);
    return { adapter: target.adapter, pattern, rows, seconds };
  } finally {
    await target.close();
  }
}

function time(fn: () => void, repeat: number): number {
  const started = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  return ((performance.now() - started) * 1000) / repeat;
}

function vectorEncodingTable(): string[] {
  const sample = VECTORS.slice(0, 500);
  const bytes = (f: (v: Float32Array) => string) =>
    Math.round(sample.reduce((n, v) => n + f(v).length, 0) / sample.length);
  const precision9 = (v: Float32Array) => {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += `${i ? ',' : ''}${(v[i] as number).toPrecision(9)}`;
    return `${s}]`;
  };
  const join = (v: Float32Array) => `[${v.join(',')}]`;
  const lines = ['vector encoding (1024 dims)            µs/vector   bytes/vector'];
  const add = (name: string, f: (v: Float32Array) => string | Uint8Array) => {
    for (const v of sample) f(v); // warm up
    let k = 0;
    const us = time(() => f(sample[k++ % sample.length] as Float32Array), 5000);
    const size =
      typeof f(sample[0] as Float32Array) === 'string'
        ? bytes(f as (v: Float32Array) => string)
        : (f(sample[0] as Float32Array) as Uint8Array).length;
    lines.push(`  ${name.padEnd(36)} ${us.toFixed(1).padStart(8)}   ${String(size).padStart(12)}`);
  };
  add('formatVector (text, postgres.js)', formatVector);
  add('toPrecision(9) per component', precision9);
  add('Float32Array.join', join);
  add('binary vector[] element (PGlite)', (v) => encodeVectorArrayBinary([v], 16385));
  return lines;
}

/** Where PGlite spends the time: parsing 500 vectors from text versus from binary. */
async function parseCostLines(): Promise<string[]> {
  const t = await openTarget('in-process');
  try {
    const sample = VECTORS.slice(0, 500);
    const run = async (sql: string, param: unknown) => {
      const started = performance.now();
      await t.db.query(sql, [param]);
      return (performance.now() - started) / sample.length;
    };
    const text = await run(
      'select count(*)::int from unnest($1::text[]) t where t::extensions.vector is not null',
      sample.map((v) => formatVector(v)),
    );
    const binary = await run(
      'select count(*)::int from unnest($1::extensions.vector[]) v where v is not null',
      vectorArrayParam(sample),
    );
    return [
      `PGlite reading one 1024-dim vector: from text ${text.toFixed(2)} ms, from binary ${binary.toFixed(3)} ms`,
    ];
  } finally {
    await t.close();
  }
}

/** The HNSW index (production schema) on PGlite: incremental inserts versus a bulk build. */
async function hnswLines(): Promise<string[]> {
  const t = await openTarget('in-process', true);
  try {
    process.stderr.write(`HNSW: ${HNSW_ROWS} rows into the index...\n`);
    let started = performance.now();
    await batchedInline(t, HNSW_ROWS, BATCH);
    const incremental = (performance.now() - started) / HNSW_ROWS;
    await t.db.exec('drop index public.conversation_chunks_embedding_hnsw');
    started = performance.now();
    await t.db.exec(
      `create index conversation_chunks_embedding_hnsw on public.conversation_chunks
         using hnsw (embedding extensions.vector_cosine_ops)`,
    );
    const bulk = (performance.now() - started) / HNSW_ROWS;
    return [
      `HNSW index on PGlite (${HNSW_ROWS} rows, in-process, batched): maintained while inserting ` +
        `${incremental.toFixed(1)} ms/row (${Math.round(1000 / incremental)} rows/s); ` +
        `built afterwards ${bulk.toFixed(1)} ms/row`,
    ];
  } finally {
    await t.close();
  }
}

function resultTable(results: Result[]): string[] {
  const lines = [
    `${'adapter'.padEnd(30)} ${'pattern'.padEnd(52)} ${'rows'.padStart(7)} ${'seconds'.padStart(9)} ${'rows/s'.padStart(8)}`,
  ];
  for (const r of results) {
    const rate = r.rows / r.seconds;
    const extrapolated = r.rows < ROWS;
    const seconds = extrapolated ? `${(ROWS / rate).toFixed(1)}*` : r.seconds.toFixed(1);
    const rows = extrapolated ? `${r.rows}*` : String(r.rows);
    lines.push(
      `${r.adapter.padEnd(30)} ${r.pattern.padEnd(52)} ${rows.padStart(7)} ${seconds.padStart(9)} ${Math.round(rate).toString().padStart(8)}`,
    );
  }
  return lines;
}

const BATCHED = `batched: insertChunks with embeddings, ${BATCH}/statement`;
const TWO_STEP = `batched: insertChunks + setChunkEmbeddings, ${BATCH}/stmt`;
const OLD = 'old: INSERT per row, then UPDATE per row (text)';

// Warm-up on a throwaway database, so the first measurement does not pay for compiling
// PGlite's WebAssembly and our code paths.
{
  const warm = await openTarget('in-process');
  await batchedInline(warm, 2 * BATCH, BATCH);
  await perRow({ ...warm, ref: { ...warm.ref, importId: randomUUID() } }, 100);
  await warm.close();
}

const results: Result[] = [];
results.push(await measure('in-process', BATCHED, ROWS, (t, n) => batchedInline(t, n, BATCH)));
results.push(await measure('in-process', TWO_STEP, ROWS, (t, n) => batchedTwoStep(t, n, BATCH)));
results.push(await measure('in-process', OLD, OLD_ROWS, perRow));
results.push(await measure('socket', BATCHED, ROWS, (t, n) => batchedInline(t, n, BATCH)));
results.push(await measure('socket', OLD, OLD_ROWS, perRow));

const rate = (adapter: string, pattern: string) => {
  const r = results.find((x) => x.adapter === adapter && x.pattern === pattern) as Result;
  return r.rows / r.seconds;
};
const lines = [
  `${ROWS} chunks x ${DIMENSIONS}-dim embeddings into PGlite 0.5 (pgvector) on disk, HNSW index dropped for these runs`,
  '',
  ...resultTable(results),
  OLD_ROWS < ROWS
    ? `* measured on ${OLD_ROWS} rows; seconds for ${ROWS} extrapolated from the per-row rate`
    : '',
  '',
  `ratio, PGlite in-process: ${(rate('PGlite in-process', BATCHED) / rate('PGlite in-process', OLD)).toFixed(1)}x` +
    ` (two-step batched: ${(rate('PGlite in-process', TWO_STEP) / rate('PGlite in-process', OLD)).toFixed(1)}x)`,
  `ratio, postgres.js -> pglite-socket: ${(rate('postgres.js -> pglite-socket', BATCHED) / rate('postgres.js -> pglite-socket', OLD)).toFixed(1)}x`,
  '',
  ...vectorEncodingTable(),
  '',
  ...(await parseCostLines()),
  ...(await hnswLines()),
];
console.log(lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n'));
