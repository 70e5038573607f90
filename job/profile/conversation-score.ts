/**
 * How much one conversation can tell about its person: the key of the quick-pass sample.
 *
 *   score = 10 × messages
 *         + 2 × Σ over the person's messages of min(characters, 1,000)
 *         + 20 × min(#user, #assistant)
 *         + 600 × years between ChatGPT's launch (2022-11-30) and the last activity
 *                 (updatedAt, else createdAt; clamped to 0…12 years, 0 when unknown)
 *
 * Starts from the old rule (10 × messages + Σ min(user chars, 500) + 20 × min(#user,
 * #assistant) + a tiny recency term) and changes two things:
 * - What the person wrote counts double and up to 1,000 characters a message, so someone
 *   explaining their situation outranks a long run of "continue" / "thanks" turns; the
 *   assistant's text never counts (it says little about the person).
 * - Recency is a real term, linear in ABSOLUTE time. A score then never changes once computed
 *   and does not depend on arrival order or on what else was seen, which a heap that evicts
 *   as it goes needs (an evicted conversation cannot be re-scored when "the newest so far"
 *   moves). Because it is linear, the gap between two conversations depends only on the time
 *   between them, which is all a "relative to the newest" term would add. 600 points a year
 *   weighs as much as 300 characters of the person's own words: a year newer wins a close
 *   call, but a trivial recent chat never beats a substantial old one.
 *
 * Eligible for the main sample: at least 2 messages from the person (one question and its
 * answer says little); the others only fill in when too few are eligible.
 */

export interface ScoredMessage {
  role: string;
  text: string;
}

export interface ScorableConversation {
  createdAt?: number | null;
  updatedAt?: number | null;
  messages: readonly ScoredMessage[];
}

export const SCORE_WEIGHTS = {
  perMessage: 10,
  perUserChar: 2,
  userCharsCapPerMessage: 1_000,
  perExchange: 20,
  perYear: 600,
  /** 2022-11-30T00:00:00Z, ChatGPT's launch: nothing in an export is older. */
  epochMs: Date.UTC(2022, 10, 30),
  maxYears: 12,
} as const;

export const MIN_USER_MESSAGES = 2;

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export interface ConversationScore {
  score: number;
  userMessages: number;
  eligible: boolean;
}

export function scoreConversation(conversation: ScorableConversation): ConversationScore {
  const w = SCORE_WEIGHTS;
  let user = 0;
  let assistant = 0;
  let userChars = 0;
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      user++;
      userChars += Math.min(message.text.length, w.userCharsCapPerMessage);
    } else if (message.role === 'assistant') {
      assistant++;
    }
  }
  const score =
    w.perMessage * conversation.messages.length +
    w.perUserChar * userChars +
    w.perExchange * Math.min(user, assistant) +
    w.perYear * yearsSinceEpoch(conversation.updatedAt ?? conversation.createdAt ?? null);
  return { score, userMessages: user, eligible: user >= MIN_USER_MESSAGES };
}

function yearsSinceEpoch(at: number | null): number {
  if (at === null || !Number.isFinite(at)) return 0;
  const years = (at - SCORE_WEIGHTS.epochMs) / YEAR_MS;
  return Math.min(SCORE_WEIGHTS.maxYears, Math.max(0, years));
}
