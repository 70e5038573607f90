/**
 * `npm run bench:search` (DATABASE_URL: a native Postgres with pgvector 0.8): the search for
 * one user among many, with each index layout, at two sizes. For each: how long the index
 * took to build, recall@10 against the exact answer, p50/p95 latency of the search (the heavy
 * user with and without a tier filter, a small user), what plan Postgres chose, and the rate
 * of a new import's COPY save into the loaded table beside the index.
 *
 * Options: --sizes 25000/100000,100000/400000 (heavy user's chunks / rows in the table)
 * --queries 60 --save-rows 20000 --indexed-save-rows 2000 (saves that maintain an HNSW index
 * row by row are slow) --small 2000 --per-other 10000 --reuse (keep a loaded database
 * between runs). Vectors are synthetic but clustered like real embeddings (vector-space.ts).
 */
import { parseArgs } from 'node:util';
import type { Database } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { openPostgresDatabase } from '../core/db/postgres-database.js';
import { benchPostgresUrl, createBenchDatabase, serverSettings } from './native-database.js';
import { type Dataset, loadDataset } from './search/dataset.js';
import { EXACT, GLOBAL_HALFVEC, GLOBAL_HNSW, type Layout, PER_IMPORT } from './search/layouts.js';
import { type ManyIndexesRow, measureManyIndexes } from './search/many-indexes.js';
import { measureSave, measureSearches, type Query } from './search/measure.js';
import { planOf } from './search/plans.js';
import { VectorSpace } from './search/vector-space.js';

const { values: options } = parseArgs({
  options: {
    sizes: { type: 'string', default: '25000/100000,100000/400000' },
    queries: { type: 'string', default: '60' },
    'save-rows': { type: 'string', default: '20000' },
    'indexed-save-rows': { type: 'string', default: '2000' },
    small: { type: 'string', default: '2000' },
    'per-other': { type: 'string', default: '10000' },
    reuse: { type: 'boolean', default: false },
    'toasted-vectors': { type: 'boolean', default: false },
    'many-indexes': { type: 'string', default: '0,100,1000' },
  },
});
const QUERIES = Number(options.queries);
const SIZES = String(options.sizes)
  .split(',')
  .map((pair) => {
    const [heavy, total] = pair.split('/').map(Number);
    return { heavy: heavy as number, total: total as number };
  });
const LAYOUTS: Layout[] = [EXACT, PER_IMPORT, GLOBAL_HNSW, GLOBAL_HALFVEC];
const TOPIC_SEED = 2026;

const serverUrl = benchPostgresUrl('npm run bench:search');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  size: string;
  layout: string;
  group: string;
  plan: string;
  recall: number;
  p50: number;
  p95: number;
}

interface SaveRow {
  size: string;
  layout: string;
  build: number;
  rows: number;
  rate: number;
  mbps: number;
}

const searchRows: Row[] = [];
const saveRows: SaveRow[] = [];
let settings = '';

for (const size of SIZES) {
  const label = `${size.heavy.toLocaleString('en')} of ${size.total.toLocaleString('en')}`;
  const target = await createBenchDatabase(serverUrl, `soulprint_bench_search_${size.total}`, {
    reuse: options.reuse,
  });
  const db = await openPostgresDatabase({ url: target.url, maxConnections: 1 });
  try {
    await migrate(db);
    if (options['toasted-vectors']) {
      // How the table stored vectors before 20261204000102 (out of line, for comparison).
      await db.exec(`alter table public.conversation_chunks alter column embedding set storage external;
                     alter table public.conversation_chunks reset (toast_tuple_target)`);
    }
    settings = await serverSettings(target.url);
    await db.exec("set maintenance_work_mem = '1GB'");
    const data = await dataset(db, target.existed, size);
    const queries = queryGroups(data);
    log(`${label}: exact answers…`);
    const truth = new Map<string, string[][]>();
    for (const [group, list] of queries)
      truth.set(group, (await measureSearches(db, EXACT, list, null)).results);

    for (const layout of LAYOUTS) {
      log(`${label}: ${layout.name}: building…`);
      const build = await layout.build(db, data);
      await db.exec('analyze public.conversation_chunks');
      if (layout.statement) {
        await db.exec("set hnsw.iterative_scan = 'relaxed_order'; set hnsw.ef_search = 100");
      }
      for (const [group, list] of queries) {
        const figures = await measureSearches(db, layout, list, truth.get(group) ?? null);
        const plan = await planOf(db, target.url, layout, list[0] as Query);
        searchRows.push({ size: label, layout: layout.name, group, plan, ...figures });
      }
      const rows = Number(options[layout.maintainedOnSave ? 'indexed-save-rows' : 'save-rows']);
      log(`${label}: ${layout.name}: saving ${rows} rows beside it…`);
      const saved = await measureSave(db, new VectorSpace(TOPIC_SEED, 99, 4000), rows);
      saveRows.push({
        size: label,
        layout: layout.name,
        build,
        rows,
        rate: saved.rows / saved.seconds,
        mbps: saved.bytes / 1024 / 1024 / saved.seconds,
      });
      await layout.drop(db, data);
      await db.exec('reset hnsw.iterative_scan; reset hnsw.ef_search');
    }
  } finally {
    await db.close();
  }
}

async function dataset(
  db: Database,
  existed: boolean,
  size: { heavy: number; total: number },
): Promise<Dataset> {
  await db.exec('create table if not exists public.bench_dataset (value jsonb not null)');
  if (existed) {
    const [row] = await db.query<{ value: Dataset }>('select value from public.bench_dataset');
    if (row) return row.value;
  }
  const space = new VectorSpace(TOPIC_SEED, 1, 4000);
  const started = performance.now();
  const data = await loadDataset(
    db,
    space,
    {
      total: size.total,
      heavy: size.heavy,
      small: Number(options.small),
      perOther: Number(options['per-other']),
    },
    (rows) => log(`loading: ${rows.toLocaleString('en')} rows`),
  );
  const seconds = (performance.now() - started) / 1000;
  log(
    `loaded ${data.rows} rows in ${seconds.toFixed(1)} s (${Math.round(data.rows / seconds)} rows/s)`,
  );
  await db.query('insert into public.bench_dataset (value) values ($1::text::jsonb)', [
    JSON.stringify(data),
  ]);
  await db.exec('vacuum analyze public.conversation_chunks');
  return data;
}

function queryGroups(data: Dataset): Map<string, Query[]> {
  const space = new VectorSpace(TOPIC_SEED, 7, 4000);
  const near = (user: Dataset['heavy'], tier: string | null) => ({
    user,
    vector: space.near(user.topics[space.pick(user.topics.length)] as number),
    tier,
  });
  const few = Math.max(10, Math.round(QUERIES / 2));
  return new Map([
    ['heavy user', Array.from({ length: QUERIES }, () => near(data.heavy, null))],
    ['heavy user, macro tier only', Array.from({ length: few }, () => near(data.heavy, 'macro'))],
    ['small user', Array.from({ length: few }, () => near(data.small, null))],
    [
      `a ${(data.others[0] as Dataset['heavy']).chunks.toLocaleString('en')}-chunk user`,
      Array.from({ length: few }, () => near(data.others[0] as Dataset['heavy'], null)),
    ],
  ]);
}

log('many per-import indexes…');
const manyRows: ManyIndexesRow[] = await measureManyIndexes(
  serverUrl,
  String(options['many-indexes']).split(',').filter(Boolean).map(Number),
  { saveRows: Number(options['save-rows']), userRows: 20_000, queries: QUERIES },
);

// ---------------------------------------------------------------- printing
const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, width: number, digits = 1) => value.toFixed(digits).padStart(width);
const lines: string[] = [
  `npm run bench:search on ${settings}`,
  '(one run on a shared machine; the ratios are what carry over)',
  '',
  `${pad('heavy user / table', 22)} ${pad('layout', 56)} ${pad('search', 28)} ${'recall@10'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  plan`,
];
for (const r of searchRows) {
  lines.push(
    `${pad(r.size, 22)} ${pad(r.layout, 56)} ${pad(r.group, 28)} ${num(r.recall, 9, 3)} ${num(r.p50, 8)} ${num(r.p95, 8)}  ${r.plan}`,
  );
}
lines.push(
  '',
  `${pad('heavy user / table', 22)} ${pad('layout', 56)} ${'index build s'.padStart(13)} ${'saved rows'.padStart(10)} ${'rows/s'.padStart(8)} ${'MB/s'.padStart(6)}`,
);
for (const r of saveRows) {
  lines.push(
    `${pad(r.size, 22)} ${pad(r.layout, 56)} ${num(r.build, 13)} ${String(r.rows).padStart(10)} ${num(r.rate, 8, 0)} ${num(r.mbps, 6)}`,
  );
}
lines.push(
  '',
  "as large imports accumulate: other imports' indexes in place, a 20,000-chunk import searched through its own",
  `${'other per-import indexes'.padStart(24)} ${'save rows/s'.padStart(11)} ${'recall@10'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
);
for (const r of manyRows) {
  lines.push(
    `${String(r.indexes).padStart(24)} ${num(r.saveRate, 11, 0)} ${num(r.recall, 9, 3)} ${num(r.p50, 8)} ${num(r.p95, 8)}`,
  );
}
console.log(lines.join('\n'));
