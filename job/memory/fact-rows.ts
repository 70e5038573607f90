import { createHash } from 'node:crypto';
import type { FactCategory, FactRow } from '../../core/db/index.js';
import { normalizeFact } from './fact-text.js';
import type { ExtractedFact } from './types.js';

/**
 * The same import, category and fact (normalized) always give the same id, so a re-run of the
 * full pass inserts nothing twice; another import gives other ids.
 */
export function factId(importId: string, category: FactCategory, fact: string): string {
  return createHash('sha256')
    .update(`${importId}\0${category}\0${normalizeFact(fact)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Database rows for consolidated facts (one per id: the first, i.e. newest, wins). */
export function factRows(
  facts: readonly ExtractedFact[],
  ref: { userId: string; importId: string },
): FactRow[] {
  const rows = new Map<string, FactRow>();
  for (const fact of facts) {
    const id = factId(ref.importId, fact.category, fact.fact);
    if (rows.has(id)) continue;
    rows.set(id, {
      id,
      userId: ref.userId,
      importId: ref.importId,
      category: fact.category,
      fact: fact.fact,
      evidence: fact.evidence,
      sourceConversationId: fact.conversationId,
      sourceChunkId: null,
      confidence: fact.confidence,
      factDate: fact.date,
    });
  }
  return [...rows.values()];
}
