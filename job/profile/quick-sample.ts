import { MinHeap } from '../../core/min-heap.js';
import type { MessageRole, NormalizedConversation } from '../export/types.js';
import { scoreConversation } from './conversation-score.js';

/** Characters per token, the usual estimate for English text. */
export const CHARS_PER_TOKEN = 4;

export interface QuickSampleOptions {
  /** The most conversations kept. Default 50. */
  maxConversations?: number;
  /** What the kept text may add up to, in tokens (× 4 characters). Default 50,000. */
  tokenBudget?: number;
  /** Each kept message is cut to this many characters. Default 2,000. */
  maxCharsPerMessage?: number;
  /** Only the first N messages of a conversation are kept. Default 40. */
  maxMessagesPerConversation?: number;
  /** Below this many eligible conversations, the best short ones fill in. Default 5. */
  minConversations?: number;
}

export interface SampledMessage {
  role: MessageRole;
  text: string;
}

export interface SampledConversation {
  id: string;
  title: string | null;
  createdAt: number | null;
  updatedAt: number | null;
  /** See conversation-score.ts. */
  score: number;
  /** At least 2 messages from the person; the others only fill in. */
  eligible: boolean;
  /** The first messages, each cut to the limit. */
  messages: SampledMessage[];
  /** How many messages the whole conversation had. */
  totalMessages: number;
  /** Whether messages were dropped or cut. */
  truncated: boolean;
  /** Characters held: title plus message texts. */
  chars: number;
}

const DEFAULTS = {
  maxConversations: 50,
  tokenBudget: 50_000,
  maxCharsPerMessage: 2_000,
  maxMessagesPerConversation: 40,
  minConversations: 5,
} satisfies Required<QuickSampleOptions>;

type Ranked = Pick<SampledConversation, 'eligible' | 'score' | 'id'>;

/** Lowest first: ineligible below eligible, then by score; ties broken by id, deterministically. */
function rank(a: Ranked, b: Ranked): number {
  if (a.eligible !== b.eligible) return a.eligible ? 1 : -1;
  if (a.score !== b.score) return a.score - b.score;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Picks the richest conversations during the scan, in bounded memory whatever the export's
 * size: a min-heap of the best candidates so far, each a trimmed copy (first N messages, each
 * cut to maxCharsPerMessage). Whenever the kept set is over the count or the character budget,
 * the lowest is evicted, so the text held never exceeds the budget by more than the one
 * conversation being added. Conversations with fewer than 2 messages from the person rank
 * below every eligible one and at most `minConversations` of them are held: a small fallback
 * pool for exports with almost nothing else. Do-not-remember conversations are never taken.
 */
export class QuickSampleCollector {
  readonly #options: Required<QuickSampleOptions>;
  readonly #charBudget: number;
  readonly #heap = new MinHeap<SampledConversation>(rank);
  #chars = 0;
  #fallbackHeld = 0;
  #seen = 0;
  #excluded = 0;

  constructor(options: QuickSampleOptions = {}) {
    this.#options = { ...DEFAULTS, ...definedOnly(options) };
    for (const [name, value] of Object.entries(this.#options)) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`QuickSampleCollector ${name} must be a positive integer`);
    }
    this.#charBudget = this.#options.tokenBudget * CHARS_PER_TOKEN;
  }

  /** Conversations offered, do-not-remember ones included. */
  get seen(): number {
    return this.#seen;
  }

  /** Do-not-remember conversations refused. */
  get excludedDoNotRemember(): number {
    return this.#excluded;
  }

  /** Characters held right now (the memory bound). */
  get heldChars(): number {
    return this.#chars;
  }

  get size(): number {
    return this.#heap.size;
  }

  add(conversation: NormalizedConversation): void {
    this.#seen++;
    if (conversation.doNotRemember) {
      this.#excluded++;
      return;
    }
    const { score, userMessages, eligible } = scoreConversation(conversation);
    if (userMessages === 0) return;
    const min = this.#heap.peek();
    const probe: Ranked = { eligible, score, id: conversation.id };
    const full =
      this.#heap.size >= this.#options.maxConversations ||
      (!eligible && this.#fallbackHeld >= this.#options.minConversations);
    // When full, the lowest held is the one to beat (ineligible ones sit below every eligible
    // one, so a full fallback pool means the lowest is ineligible): no copy is made otherwise.
    if (full && min !== undefined && rank(probe, min) <= 0) return;

    const kept = this.#trim(conversation, score, eligible);
    this.#heap.push(kept);
    this.#chars += kept.chars;
    if (!eligible) this.#fallbackHeld++;
    while (
      this.#heap.size > 1 &&
      (this.#heap.size > this.#options.maxConversations ||
        this.#chars > this.#charBudget ||
        this.#fallbackHeld > this.#options.minConversations)
    ) {
      const out = this.#heap.pop()!;
      this.#chars -= out.chars;
      if (!out.eligible) this.#fallbackHeld--;
    }
  }

  /**
   * The sample, oldest first: the model reads a life in order, so a later statement ("we moved
   * to Lyon") reads as an update of an earlier one, and the newest conversations sit closest
   * to the instruction that follows them. Eligible conversations, topped up with the best short
   * ones only when fewer than `minConversations` are eligible.
   */
  sample(): SampledConversation[] {
    const held = this.#heap.toArray().sort((a, b) => rank(b, a));
    const eligible = held.filter((c) => c.eligible);
    const chosen =
      eligible.length >= this.#options.minConversations
        ? eligible
        : held.slice(0, Math.max(eligible.length, this.#options.minConversations));
    return chosen.sort(
      (a, b) =>
        (a.createdAt ?? Number.NEGATIVE_INFINITY) - (b.createdAt ?? Number.NEGATIVE_INFINITY) ||
        rank(b, a),
    );
  }

  #trim(conversation: NormalizedConversation, score: number, eligible: boolean) {
    const { maxCharsPerMessage, maxMessagesPerConversation } = this.#options;
    const source = conversation.messages;
    let truncated = source.length > maxMessagesPerConversation;
    let chars = conversation.title?.length ?? 0;
    const messages: SampledMessage[] = [];
    for (const message of source.slice(0, maxMessagesPerConversation)) {
      let text = message.text;
      if (text.length > maxCharsPerMessage) {
        text = `${cutDetached(text, maxCharsPerMessage)} […]`;
        truncated = true;
      }
      chars += text.length;
      messages.push({ role: message.role, text });
    }
    return {
      id: conversation.id,
      title: conversation.title,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      score,
      eligible,
      messages,
      totalMessages: source.length,
      truncated,
      chars,
    } satisfies SampledConversation;
  }
}

/**
 * The first `max` characters as a string of their own: a plain slice may keep the whole
 * original alive (V8 sliced strings point into their parent), which would defeat the bound.
 * Never splits a surrogate pair.
 */
function cutDetached(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return Buffer.from(text.slice(0, end), 'utf8').toString('utf8');
}

function definedOnly(options: QuickSampleOptions): QuickSampleOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
