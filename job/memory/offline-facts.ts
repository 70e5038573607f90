import type { AccountContext, NormalizedConversation } from '../export/types.js';
import { normalizeFact } from './fact-text.js';
import { scoreSentence, splitSentences } from './score-sentence.js';
import { classifyNote, noteAsFact, selfStatement, statedDate } from './self-statements.js';
import { trimUserText } from './trim-user-text.js';
import type { ExtractedFact } from './types.js';

export interface OfflineFactOptions {
  /** Facts kept at most (the best by sentence score, then the newest). Default 400. */
  maxFacts?: number;
}

interface Held {
  fact: ExtractedFact;
  score: number;
}

const DEFAULT_MAX_FACTS = 400;
const MAX_FACT_CHARS = 300;

/**
 * Facts without a model, gathered during the same streamed pass as the LLM inputs: explicit
 * self-statements in user turns (self-statements.ts), skipping do-not-remember conversations,
 * pasted code and logs. Bounded: at most `maxFacts` are held, the weakest (by the sentence
 * score of score-sentence.ts, then the oldest) dropped first; the same fact said twice is kept
 * once, as its newest saying.
 */
export class OfflineFactCollector {
  readonly #max: number;
  readonly #held = new Map<string, Held>();

  constructor(options: OfflineFactOptions = {}) {
    this.#max = options.maxFacts ?? DEFAULT_MAX_FACTS;
  }

  get size(): number {
    return this.#held.size;
  }

  add(conversation: NormalizedConversation): void {
    if (conversation.doNotRemember) return;
    const at = conversation.updatedAt ?? conversation.createdAt;
    for (const message of conversation.messages) {
      if (message.role !== 'user') continue;
      for (const paragraph of trimUserText(message.text).paragraphs) {
        for (const sentence of splitSentences(paragraph.text)) {
          const statement = selfStatement(sentence);
          if (!statement) continue;
          this.#keep({
            score: scoreSentence(sentence),
            fact: {
              ...statement,
              fact: clip(statement.fact),
              evidence: clip(sentence),
              conversationId: conversation.id,
              date: statement.category === 'dates' ? statedDate(sentence) : null,
              observedAt: message.createdAt ?? at,
              confidence: 0.7,
              source: 'self-statement',
            },
          });
        }
      }
    }
  }

  /** The held facts, best first. */
  facts(): ExtractedFact[] {
    return [...this.#held.values()].sort(byStrength).map((h) => h.fact);
  }

  #keep(candidate: Held): void {
    const key = `${candidate.fact.category}\0${normalizeFact(candidate.fact.fact)}`;
    const existing = this.#held.get(key);
    if (existing && (existing.fact.observedAt ?? 0) >= (candidate.fact.observedAt ?? 0)) return;
    this.#held.set(key, candidate);
    if (this.#held.size > 2 * this.#max) this.#prune();
  }

  /** Back to `max` facts (amortised: runs once per `max` additions). */
  #prune(): void {
    const kept = [...this.#held].sort(([, a], [, b]) => byStrength(a, b)).slice(0, this.#max);
    this.#held.clear();
    for (const [key, held] of kept) this.#held.set(key, held);
  }
}

/**
 * What ChatGPT itself knew about the person: the custom instructions ("about me" sentences,
 * and how they want answers as one preference), the saved-memory snapshot (dated entries) and
 * memory writes. `asOf` dates the undated ones (the export's newest conversation): they are
 * the account's current state, so they win conflicts against older chat facts.
 */
export function accountFacts(account: AccountContext, asOf: number | null): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  const note = (
    text: string,
    source: ExtractedFact['source'],
    observedAt: number | null,
    confidence: number,
  ) => {
    const statement = selfStatement(text);
    const fact = clip(statement?.fact ?? noteAsFact(text));
    if (fact.length < 3) return;
    const category = statement?.category ?? classifyNote(text);
    facts.push({
      category,
      fact,
      evidence: clip(text),
      conversationId: null,
      date: category === 'dates' ? statedDate(text) : null,
      observedAt,
      confidence,
      source,
    });
  };
  const about = account.customInstructions?.aboutUser;
  if (about) {
    for (const sentence of splitSentences(about)) note(sentence, 'custom-instructions', asOf, 0.95);
  }
  const style = account.customInstructions?.aboutModel;
  if (style) {
    facts.push({
      category: 'preferences',
      fact: clip(`Wants answers like this: ${style.replace(/\s+/g, ' ').trim()}`),
      evidence: clip(style),
      conversationId: null,
      date: null,
      observedAt: asOf,
      confidence: 0.95,
      source: 'custom-instructions',
    });
  }
  for (const entry of account.memorySnapshot) {
    const at = entry.date ? Date.parse(`${entry.date}T00:00:00Z`) : asOf;
    note(entry.text, 'saved-memory', Number.isNaN(at) ? asOf : at, 0.9);
  }
  for (const write of account.memoryWrites) note(write, 'memory-write', null, 0.85);
  return facts;
}

function byStrength(a: Held, b: Held): number {
  return (
    b.score - a.score ||
    (b.fact.observedAt ?? 0) - (a.fact.observedAt ?? 0) ||
    a.fact.fact.localeCompare(b.fact.fact)
  );
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_FACT_CHARS ? `${line.slice(0, MAX_FACT_CHARS - 1)}…` : line;
}
