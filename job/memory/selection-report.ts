/**
 * What the fact selection kept and what it left out, and why, for the job's wide event and the
 * import report. Tokens are estimates (characters / 4).
 */
export interface SelectionReport {
  tokenBudget: number;
  conversations: {
    /** Every conversation given to `add()`. */
    seen: number;
    /** Marked do-not-remember: never read for facts. */
    doNotRemember: number;
    /** Had at least one fact-bearing user turn. */
    withCandidates: number;
    /** In the extraction inputs. */
    selected: number;
    /** Had candidates but none survived the budget. */
    droppedByBudget: number;
  };
  userMessages: {
    seen: number;
    /** Near-duplicates of a recent user message (same text up to case, digits, punctuation). */
    duplicates: number;
    /** No sentence looked fact-bearing (requests, questions, chit-chat). */
    lowSignal: number;
    /** Became candidate pieces. */
    candidates: number;
    /** Still selected at the end. */
    selected: number;
    /** Candidates evicted or refused for the budget (or a conversation's own cap). */
    droppedByBudget: number;
  };
  tokens: {
    /** All user text seen. */
    userText: number;
    /** User text of low-signal messages, left out. */
    lowSignal: number;
    /** All candidate pieces offered to the budget. */
    candidates: number;
    /** The selected inputs as they will be wrapped (headers and tags included): ≤ tokenBudget. */
    selected: number;
    /** Candidate tokens evicted or refused for the budget. */
    droppedByBudget: number;
    /** Candidate tokens over a single conversation's cap (its best pieces were kept). */
    overConversationCap: number;
  };
  /** Characters taken out of user turns before scoring. */
  trimmedChars: {
    code: number;
    logs: number;
    /** Pasted prose and data, apart from the strong sentences kept from it. */
    blobs: number;
    /** Paragraphs repeated from earlier conversations (templates, pasted instructions). */
    scaffolding: number;
  };
  /** User answers kept together with the assistant question they answer. */
  assistantContextTurns: number;
  /** Oldest and newest conversation times among those with candidates (epoch ms). */
  dateRange: { first: number | null; last: number | null };
}
