/** A one-line summary of the plan a layout's search gets, for the benchmark's table. */
import type { Database } from '../../core/db/database.js';
import { formatVector } from '../../core/db/format-vector.js';
import { vectorParam } from '../../core/db/vector-param.js';
import { plansOf } from '../../test/support/function-plan.js';
import type { Layout } from './layouts.js';
import type { Query } from './measure.js';

export const MATCH_CALL =
  'select id from public.match_conversation_chunks($1::extensions.vector, $2::uuid, 10, -1, $3::text)';

export async function planOf(
  db: Database,
  directUrl: string,
  layout: Layout,
  query: Query,
): Promise<string> {
  if (layout.statement) {
    const rows = await db.query<{ 'QUERY PLAN': string }>(
      `explain (costs off) ${layout.statement}`,
      [vectorParam(query.vector), query.user.userId, query.user.importId, query.tier],
    );
    return summarise(rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
  const plans = await plansOf(directUrl, MATCH_CALL, [
    formatVector(query.vector),
    query.user.userId,
    query.tier,
  ]);
  const search = plans.filter((plan) => plan.includes('conversation_chunks c')).at(-1) ?? '';
  return summarise(search);
}

/** The scans and sorts of a text plan, e.g. "Index Scan using x + Sort". */
export function summarise(plan: string): string {
  const steps: string[] = [];
  for (const line of plan.split('\n')) {
    const scan = /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)( using (\S+))?/.exec(
      line,
    );
    if (scan) steps.push(scan[3] ? `${scan[1]} using ${scan[3]}` : (scan[1] as string));
    else if (/\bSort\b/.test(line) && !steps.includes('Sort')) steps.push('Sort');
  }
  return steps
    .reverse()
    .join(' → ')
    .replace(/conversation_chunks_hnsw_[0-9a-f]{32}/g, 'conversation_chunks_hnsw_<import>');
}
