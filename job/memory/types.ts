import type { FactCategory } from '../../core/db/index.js';

/** One message of an extraction excerpt, already trimmed. */
export interface FactInputMessage {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * What one conversation contributes to the extraction prompts: the user's fact-bearing turns
 * (trimmed), with an assistant question only where a short answer needs it.
 */
export interface FactInput {
  conversationId: string;
  title: string | null;
  /** The conversation's newest time (epoch ms), or null. Facts from it are dated by this. */
  at: number | null;
  messages: FactInputMessage[];
  /** Estimated tokens of this excerpt as it appears in a prompt (header and tags included). */
  tokens: number;
  /** Sum of the kept pieces' priorities: fact signal × recency × richness (see score-sentence.ts). */
  score: number;
}

export type FactSource =
  | 'llm'
  | 'self-statement'
  | 'custom-instructions'
  | 'saved-memory'
  | 'memory-write';

/** A fact about the person before consolidation, from any source. */
export interface ExtractedFact {
  category: FactCategory;
  /** One short third-person statement ("Lives in Ghent"). */
  fact: string;
  /** The person's own words it rests on, when known. */
  evidence: string | null;
  conversationId: string | null;
  /** The date or period the fact is about, as stated ("12 September 2026"); not parsed. */
  date: string | null;
  /** When it was said (epoch ms): decides which of two conflicting facts is kept. */
  observedAt: number | null;
  /** 0 to 1. */
  confidence: number;
  source: FactSource;
}
