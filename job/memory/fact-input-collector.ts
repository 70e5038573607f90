import { MinHeap } from '../../core/min-heap.js';
import type { NormalizedConversation } from '../export/types.js';
import { conversationPieces, type Piece, type PieceStats } from './conversation-pieces.js';
import { headerTokens } from './excerpt-size.js';
import { DEFAULT_FACT_TOKEN_BUDGET, MAX_EXCERPT_TOKENS } from './fact-budget.js';
import { RecentHashes } from './recent-hashes.js';
import type { SelectionReport } from './selection-report.js';
import type { FactInput } from './types.js';

export interface FactInputCollectorOptions {
  /** Excerpt tokens kept at most, over all conversations. Default DEFAULT_FACT_TOKEN_BUDGET. */
  tokenBudget?: number;
  /** "Now" for recency (epoch ms). Default: Date.now(). */
  now?: number;
  /** The most one conversation may take. Default MAX_EXCERPT_TOKENS. */
  maxExcerptTokens?: number;
  /** Recent message/paragraph hashes remembered for duplicate detection. Default 100,000. */
  recentHashes?: number;
}

interface Held {
  priority: number;
  seq: number;
  conversationId: string;
  piece: Piece;
}

interface HeldConversation {
  title: string | null;
  at: number | null;
  header: number;
  live: number;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/**
 * Chooses, while the export streams past once, the user text the fact extraction will read:
 * each conversation's fact-bearing user turns become pieces (conversation-pieces.ts), each
 * piece gets a priority, and a min-heap keeps the best pieces whose tokens (with their
 * conversations' headers) fit the budget, evicting the lowest when a better one arrives. Memory
 * is bounded by the budget and the duplicate-hash capacity, never by the export.
 *
 * priority = piece value (score-sentence.ts) × recency × richness × size, where
 * - recency = 1 + 0.5 × 0.5^(age in years): this month's facts outrank older ones by up to 1.5×;
 * - richness = 1 + 0.12 × min(5, fact-bearing turns − 1) + 0.02 × min(10, user turns − 1):
 *   conversations where the person told more about themselves rank higher;
 * - size = (100 / tokens)^0.25 above 100 tokens: a long piece must carry more to win.
 */
export class FactInputCollector {
  readonly #budget: number;
  readonly #now: number;
  readonly #maxExcerpt: number;
  readonly #recent: RecentHashes;
  readonly #heap = new MinHeap<Held>(evictsBefore);
  readonly #conversations = new Map<string, HeldConversation>();
  #held = 0;
  #seq = 0;
  readonly #stats: PieceStats = {
    userMessages: 0,
    userTokens: 0,
    duplicates: 0,
    lowSignal: 0,
    lowSignalTokens: 0,
    trimmedCode: 0,
    trimmedLogs: 0,
    trimmedBlobs: 0,
    scaffolding: 0,
    assistantContext: 0,
  };
  #seen = 0;
  #doNotRemember = 0;
  #withCandidates = 0;
  #candidates = { pieces: 0, tokens: 0 };
  #dropped = { pieces: 0, tokens: 0 };
  #overCap = { pieces: 0, tokens: 0 };
  #first: number | null = null;
  #last: number | null = null;

  constructor(options: FactInputCollectorOptions = {}) {
    const budget = options.tokenBudget ?? DEFAULT_FACT_TOKEN_BUDGET;
    if (!Number.isFinite(budget) || budget < 0)
      throw new RangeError(`tokenBudget must be a number ≥ 0, got ${budget}`);
    this.#budget = Math.floor(budget);
    this.#now = options.now ?? Date.now();
    this.#maxExcerpt = options.maxExcerptTokens ?? MAX_EXCERPT_TOKENS;
    this.#recent = new RecentHashes(options.recentHashes ?? 100_000);
  }

  /** Tokens held right now (never more than the budget). */
  get heldTokens(): number {
    return this.#held;
  }

  get heldPieces(): number {
    return this.#heap.size;
  }

  add(conversation: NormalizedConversation): void {
    this.#seen++;
    if (conversation.doNotRemember) {
      this.#doNotRemember++;
      return;
    }
    const pieces = conversationPieces(conversation, this.#recent, this.#stats);
    if (pieces.length === 0) return;
    this.#withCandidates++;
    const at = conversation.updatedAt ?? conversation.createdAt;
    if (at !== null) {
      this.#first = this.#first === null ? at : Math.min(this.#first, at);
      this.#last = this.#last === null ? at : Math.max(this.#last, at);
    }
    const userTurns = conversation.messages.filter((m) => m.role === 'user').length;
    const factor = this.#recency(at) * richness(pieces.length, userTurns);
    const ranked = pieces
      .map((piece) => ({ piece, priority: round(piece.value * factor * sizeFactor(piece.tokens)) }))
      .sort((a, b) => b.priority - a.priority || a.piece.index - b.piece.index);
    const meta = { title: conversation.title, at, header: headerTokens(conversation.title) };
    let used = meta.header;
    for (const { piece, priority } of ranked) {
      this.#candidates.pieces++;
      this.#candidates.tokens += piece.tokens;
      if (used + piece.tokens > this.#maxExcerpt) {
        this.#overCap.pieces++;
        this.#overCap.tokens += piece.tokens;
        continue;
      }
      used += piece.tokens;
      this.#offer({ priority, seq: this.#seq++, conversationId: conversation.id, piece }, meta);
    }
  }

  /** The selected excerpts, best first (highest score, then newest). */
  inputs(): FactInput[] {
    const byConversation = new Map<string, Held[]>();
    for (const held of this.#heap.toArray()) {
      const list = byConversation.get(held.conversationId);
      if (list) list.push(held);
      else byConversation.set(held.conversationId, [held]);
    }
    const inputs: FactInput[] = [];
    for (const [conversationId, held] of byConversation) {
      const meta = this.#conversations.get(conversationId)!;
      held.sort((a, b) => a.piece.index - b.piece.index);
      inputs.push({
        conversationId,
        title: meta.title,
        at: meta.at,
        messages: held.flatMap((h) => h.piece.messages),
        tokens: meta.header + held.reduce((sum, h) => sum + h.piece.tokens, 0),
        score: round(held.reduce((sum, h) => sum + h.priority, 0)),
      });
    }
    return inputs.sort(
      (a, b) =>
        b.score - a.score ||
        (b.at ?? 0) - (a.at ?? 0) ||
        a.conversationId.localeCompare(b.conversationId),
    );
  }

  report(): SelectionReport {
    const s = this.#stats;
    const selectedConversations = this.#conversations.size;
    return {
      tokenBudget: this.#budget,
      conversations: {
        seen: this.#seen,
        doNotRemember: this.#doNotRemember,
        withCandidates: this.#withCandidates,
        selected: selectedConversations,
        droppedByBudget: this.#withCandidates - selectedConversations,
      },
      userMessages: {
        seen: s.userMessages,
        duplicates: s.duplicates,
        lowSignal: s.lowSignal,
        candidates: s.userMessages - s.duplicates - s.lowSignal,
        selected: this.#heap.size,
        droppedByBudget: this.#dropped.pieces + this.#overCap.pieces,
      },
      tokens: {
        userText: s.userTokens,
        lowSignal: s.lowSignalTokens,
        candidates: this.#candidates.tokens,
        selected: this.#held,
        droppedByBudget: this.#dropped.tokens,
        overConversationCap: this.#overCap.tokens,
      },
      trimmedChars: {
        code: s.trimmedCode,
        logs: s.trimmedLogs,
        blobs: s.trimmedBlobs,
        scaffolding: s.scaffolding,
      },
      assistantContextTurns: s.assistantContext,
      dateRange: { first: this.#first, last: this.#last },
    };
  }

  /** Adds a piece if it beats what it would displace; evicts the lowest pieces to make room. */
  #offer(held: Held, meta: Omit<HeldConversation, 'live'>): void {
    const cost = () =>
      held.piece.tokens + (this.#conversations.has(held.conversationId) ? 0 : meta.header);
    while (this.#held + cost() > this.#budget) {
      const lowest = this.#heap.peek();
      if (lowest === undefined || evictsBefore(lowest, held) >= 0) {
        this.#drop(held.piece.tokens);
        return;
      }
      this.#heap.pop();
      this.#release(lowest);
      this.#drop(lowest.piece.tokens);
    }
    let conversation = this.#conversations.get(held.conversationId);
    if (!conversation) {
      conversation = { ...meta, live: 0 };
      this.#conversations.set(held.conversationId, conversation);
      this.#held += meta.header;
    }
    conversation.live++;
    this.#held += held.piece.tokens;
    this.#heap.push(held);
  }

  #release(held: Held): void {
    this.#held -= held.piece.tokens;
    const conversation = this.#conversations.get(held.conversationId)!;
    if (--conversation.live === 0) {
      this.#conversations.delete(held.conversationId);
      this.#held -= conversation.header;
    }
  }

  #drop(tokens: number): void {
    this.#dropped.pieces++;
    this.#dropped.tokens += tokens;
  }

  #recency(at: number | null): number {
    if (at === null) return 1;
    const years = Math.max(0, (this.#now - at) / YEAR_MS);
    return 1 + 0.5 * 0.5 ** years;
  }
}

/** Lower priority goes first; among equals, the later arrival (deterministic). */
/** Lowest priority first; among equals, the later one is evicted first. */
function evictsBefore(a: Held, b: Held): number {
  return a.priority - b.priority || b.seq - a.seq;
}

function richness(factTurns: number, userTurns: number): number {
  return 1 + 0.12 * Math.min(5, factTurns - 1) + 0.02 * Math.min(10, Math.max(0, userTurns - 1));
}

function sizeFactor(tokens: number): number {
  return tokens <= 100 ? 1 : (100 / tokens) ** 0.25;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
