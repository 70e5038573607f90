/**
 * `npm run bench:db`: saving 100,000 conversation chunks with 1024-dimension embeddings, three
 * ways, side by side in one run: one INSERT per row, the multi-row `INSERT ... SELECT FROM
 * unnest(...)` (insertChunks, the previous save) and binary COPY (saveChunks, the job's save).
 * On native Postgres (DATABASE_URL; each measurement in a fresh database) with no vector index
 * and with the chosen layout (other imports' per-import HNSW indexes in place, and this
 * import's own built after the save, timed separately), and on the embedded PGlite (which never
 * has a vector index). Rows/s and MB/s of the COPY payload (the same bytes whichever way they
 * travel). For reference, a COPY into a table with the old whole-table HNSW index.
 *
 * Options: --rows 100000 --pglite-row-at-a-time-rows 10000 (extrapolated, marked *)
 * --batch 512 --other-imports 20 --whole-table-hnsw-rows 2000 --targets native,pglite
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ensureLocalUser } from '../core/db/local-user.js';
import { ensureSearchIndex } from '../core/db/search-index.js';
import { openTarget, type Target, type TargetKind } from './db/target.js';
import { copy, multiRowInsert, type Pattern, payloadBytes, rowAtATime } from './db/workload.js';
import { benchPostgresUrl, serverSettings } from './native-database.js';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'pglite-row-at-a-time-rows': { type: 'string', default: '10000' },
    batch: { type: 'string', default: '512' },
    'other-imports': { type: 'string', default: '20' },
    'whole-table-hnsw-rows': { type: 'string', default: '2000' },
    targets: { type: 'string', default: 'native,pglite' },
  },
});
const ROWS = Number(options.rows);
const BATCH = Number(options.batch);
const TARGETS = String(options.targets).split(',') as TargetKind[];
const serverUrl = TARGETS.includes('native') ? benchPostgresUrl('npm run bench:db') : null;
const log = (line: string) => process.stderr.write(`${line}\n`);

type LayoutName = 'no vector index' | 'chosen layout' | 'old: whole-table HNSW';

interface Result {
  target: string;
  layout: LayoutName;
  pattern: string;
  rows: number;
  seconds: number;
  bytes: number;
  buildSeconds: number | null;
}

const PATTERNS: Array<[string, Pattern]> = [
  ['row-at-a-time INSERT', rowAtATime],
  [`multi-row INSERT (unnest), ${BATCH}/statement`, multiRowInsert],
  ['COPY binary, transactions of <= 4 MB', copy],
];

/** Other imports, each with its own per-import index, as the chosen layout has them. */
async function otherImports(t: Target, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const other = { userId: randomUUID(), importId: randomUUID() };
    await ensureLocalUser(t.db, other.userId);
    await copy({ ...t, ref: other }, 500, BATCH);
    await ensureSearchIndex(t.db, { ...other, minChunks: 1 });
  }
}

async function measure(
  kind: TargetKind,
  layout: LayoutName,
  [pattern, run]: [string, Pattern],
  rows: number,
): Promise<Result> {
  const t = await openTarget(kind, serverUrl);
  try {
    if (layout === 'chosen layout') await otherImports(t, Number(options['other-imports']));
    if (layout === 'old: whole-table HNSW') {
      await t.db.exec(`create index conversation_chunks_embedding_hnsw on public.conversation_chunks
                         using hnsw (embedding extensions.vector_cosine_ops)`);
    }
    log(`${t.name}, ${layout}: ${pattern}, ${rows} rows…`);
    const started = performance.now();
    await run(t, rows, BATCH);
    const seconds = (performance.now() - started) / 1000;
    let buildSeconds: number | null = null;
    if (layout === 'chosen layout') {
      const building = performance.now();
      await ensureSearchIndex(t.db, { ...t.ref, minChunks: 1 });
      buildSeconds = (performance.now() - building) / 1000;
    }
    const [count] = await t.db.query<{ n: number }>(
      'select count(embedding)::int as n from public.conversation_chunks where import_id = $1::uuid',
      [t.ref.importId],
    );
    if (count?.n !== rows) throw new RangeError(`expected ${rows} rows, found ${count?.n}`);
    return {
      target: t.name,
      layout,
      pattern,
      rows,
      seconds,
      bytes: payloadBytes(t.ref, rows),
      buildSeconds,
    };
  } finally {
    await t.close();
  }
}

const results: Result[] = [];
let settings = 'no native Postgres in this run';
for (const kind of TARGETS) {
  const layouts: LayoutName[] =
    kind === 'native' ? ['no vector index', 'chosen layout'] : ['no vector index'];
  for (const layout of layouts) {
    for (const pattern of PATTERNS) {
      const rows =
        kind === 'pglite' && pattern[1] === rowAtATime
          ? Math.min(ROWS, Number(options['pglite-row-at-a-time-rows']))
          : ROWS;
      results.push(await measure(kind, layout, pattern, rows));
    }
  }
  if (kind === 'native') {
    const hnswRows = Number(options['whole-table-hnsw-rows']);
    results.push(await measure(kind, 'old: whole-table HNSW', PATTERNS[2]!, hnswRows));
    settings = await serverSettings(serverUrl as string);
  }
}

// ---------------------------------------------------------------- printing
const rate = (r: Result) => r.rows / r.seconds;
const find = (target: string, layout: LayoutName, prefix: string) =>
  results.find((r) => r.target === target && r.layout === layout && r.pattern.startsWith(prefix));
const lines = [
  `${ROWS.toLocaleString('en')} chunks x 1024-dim embeddings; native: ${settings}`,
  '(one run on a shared machine; the ratios are what carry over)',
  '',
  `${'database'.padEnd(18)} ${'layout'.padEnd(22)} ${'pattern'.padEnd(40)} ${'rows'.padStart(8)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(8)} ${'MB/s'.padStart(6)} ${'+ own index built after'.padStart(24)}`,
];
for (const r of results) {
  const extrapolated = r.rows < ROWS && r.layout !== 'old: whole-table HNSW';
  const seconds = extrapolated
    ? `${((ROWS / r.rows) * r.seconds).toFixed(1)}*`
    : r.seconds.toFixed(1);
  const build = r.buildSeconds === null ? '' : `${r.buildSeconds.toFixed(1)} s`;
  lines.push(
    `${r.target.padEnd(18)} ${r.layout.padEnd(22)} ${r.pattern.padEnd(40)} ${String(r.rows).padStart(8)} ${seconds.padStart(8)} ${Math.round(rate(r)).toString().padStart(8)} ${(r.bytes / 1024 / 1024 / r.seconds).toFixed(1).padStart(6)} ${build.padStart(24)}`,
  );
}
lines.push('* measured on fewer rows; seconds for all rows extrapolated from the rate', '');
for (const target of new Set(results.map((r) => r.target))) {
  for (const layout of ['no vector index', 'chosen layout'] as LayoutName[]) {
    const c = find(target, layout, 'COPY');
    const one = find(target, layout, 'row-at-a-time');
    const multi = find(target, layout, 'multi-row');
    if (!c || !one || !multi) continue;
    lines.push(
      `${target}, ${layout}: COPY ${(rate(c) / rate(one)).toFixed(1)}x row-at-a-time, ` +
        `${(rate(c) / rate(multi)).toFixed(1)}x multi-row INSERT`,
    );
  }
}
console.log(lines.join('\n'));
