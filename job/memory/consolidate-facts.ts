import type { FactCategory } from '../../core/db/index.js';
import { contentTokens, factFrame, factTemplate, jaccard, normalizeFact } from './fact-text.js';
import type { ExtractedFact, FactSource } from './types.js';

/**
 * Thresholds (token-set Jaccard over content words, see fact-text.ts):
 * - same category, ≥ 0.75: the same fact worded differently ("Loves hiking in the Alps" /
 *   "Loves hiking in Alps mountains");
 * - any category, ≥ 0.9: the same fact filed under two categories by two calls.
 * Both need at least 2 content words on each side, so "Likes tea" never swallows "Likes jazz".
 */
export const SAME_CATEGORY_JACCARD = 0.75;
export const ANY_CATEGORY_JACCARD = 0.9;

export interface Consolidation {
  facts: ExtractedFact[];
  /** Facts folded into a newer copy of themselves. */
  merged: number;
  /** Older facts dropped because a newer one says something else about the same thing. */
  conflicts: number;
}

/**
 * Where "same template, other name" means a change rather than a second item: one home, one
 * employer, one final choice. Likes, people, projects and dates add up, so there the template
 * rule would drop true facts ("Can't stand cilantro" / "Can't stand olives").
 */
const TEMPLATE_CATEGORIES: ReadonlySet<FactCategory> = new Set(['identity', 'decisions']);

/** A kept fact, or a merged copy of one (its wording still matches later copies). */
interface Kept {
  category: FactCategory;
  tokens: Set<string>;
}

/** Ties on time: the person's own account context wins over a model's reading of a chat. */
const SOURCE_RANK: Record<FactSource, number> = {
  'custom-instructions': 0,
  'saved-memory': 1,
  'memory-write': 2,
  llm: 3,
  'self-statement': 4,
};

/**
 * Merges near-duplicate facts and settles conflicts, keeping the newest (by when the source
 * conversation happened): facts are visited newest first, and each is
 * - merged into a kept fact when it is the same fact (normalized text equal, or fuzzy match
 *   above the thresholds) as the kept one or a copy already merged into it (the kept one is
 *   newer);
 * - dropped as a conflict when a kept fact of its category has the same frame ("lives in",
 *   "favourite band is"), or, for identity and decisions, the same template with different
 *   names or numbers ("Decided to call the company Zorbin" / "… Quelt");
 * - kept otherwise.
 * Deterministic: ties are broken by source, confidence, category and text.
 */
export function consolidateFacts(facts: readonly ExtractedFact[]): Consolidation {
  const ordered = [...facts].sort(newestFirst);
  const kept: ExtractedFact[] = [];
  const byText = new Set<string>();
  const byFrame = new Set<string>();
  const byTemplate = new Set<string>();
  const byToken = new Map<string, Kept[]>();
  let merged = 0;
  let conflicts = 0;
  const remember = (fact: ExtractedFact, normalized: string, tokens: Set<string>) => {
    byText.add(`${fact.category}\0${normalized}`);
    const entry = { category: fact.category, tokens };
    for (const token of tokens) {
      const list = byToken.get(token);
      if (list) list.push(entry);
      else byToken.set(token, [entry]);
    }
  };

  for (const fact of ordered) {
    const normalized = normalizeFact(fact.fact);
    if (normalized.length === 0) continue;
    const tokens = contentTokens(normalized);
    if (byText.has(`${fact.category}\0${normalized}`)) {
      merged++;
      continue;
    }
    if (isFuzzyDuplicate(fact, tokens, byToken)) {
      merged++;
      remember(fact, normalized, tokens);
      continue;
    }
    const frame = factFrame(normalized);
    const template = TEMPLATE_CATEGORIES.has(fact.category) ? factTemplate(fact.fact) : null;
    const frameKey = frame && `${fact.category}\0${frame}`;
    const templateKey = template && `${fact.category}\0${template}`;
    if ((frameKey && byFrame.has(frameKey)) || (templateKey && byTemplate.has(templateKey))) {
      conflicts++;
      continue;
    }
    kept.push(fact);
    remember(fact, normalized, tokens);
    if (frameKey) byFrame.add(frameKey);
    if (templateKey) byTemplate.add(templateKey);
  }
  return { facts: kept, merged, conflicts };
}

function isFuzzyDuplicate(
  fact: ExtractedFact,
  tokens: Set<string>,
  byToken: Map<string, Kept[]>,
): boolean {
  if (tokens.size < 2) return false;
  const checked = new Set<Kept>();
  for (const token of tokens) {
    for (const candidate of byToken.get(token) ?? []) {
      if (checked.has(candidate) || candidate.tokens.size < 2) continue;
      checked.add(candidate);
      const similarity = jaccard(tokens, candidate.tokens);
      const threshold =
        candidate.category === fact.category ? SAME_CATEGORY_JACCARD : ANY_CATEGORY_JACCARD;
      if (similarity >= threshold) return true;
    }
  }
  return false;
}

function newestFirst(a: ExtractedFact, b: ExtractedFact): number {
  return (
    (b.observedAt ?? Number.NEGATIVE_INFINITY) - (a.observedAt ?? Number.NEGATIVE_INFINITY) ||
    SOURCE_RANK[a.source] - SOURCE_RANK[b.source] ||
    b.confidence - a.confidence ||
    a.category.localeCompare(b.category) ||
    a.fact.localeCompare(b.fact) ||
    (a.conversationId ?? '').localeCompare(b.conversationId ?? '')
  );
}
