import { BoundedCounter } from './bounded-counter.js';
import { contentWords } from './content-words.js';
import { findSelfStatements, type StatementKind } from './self-statements.js';
import { measureMessage } from './text-signals.js';
import { TOPIC_LABELS, topicOfWord } from './topic-lexicon.js';
import { type UsageKind, usageIn } from './usage-kinds.js';

/**
 * What the offline profile knows, gathered over EVERY conversation during the scan (not just
 * the sample) in bounded memory: counters and rates, keyword and topic counts in bounded
 * counters, and the person's self-statements (at most 50 distinct per kind). A plain object,
 * so it can be logged or stored with a checkpoint.
 */
export interface ProfileEvidence {
  conversations: number;
  userMessages: number;
  /** Words in the person's messages (prose only). */
  userWords: number;
  /** Median words per message, from a histogram of 1-word bins up to 400. */
  medianWords: number;
  /** Share of the person's messages showing each signal (0…1). */
  rates: Record<RateName, number>;
  /** Emoji per message. */
  emojiPerMessage: number;
  /** Programming languages, by the conversations that show them. */
  languages: Counted[];
  /** Subjects of topic-lexicon.ts, by conversations. */
  topics: Array<Counted & { label: string }>;
  /** What the person uses ChatGPT for (usage-kinds.ts), by conversations. */
  usage: Array<Counted & { name: UsageKind }>;
  /** Content words, by the conversations whose messages or title use them. */
  keywords: Counted[];
  statements: Record<StatementKind, StatedFact[]>;
  /** Epoch ms of the first and last conversation. */
  firstAt: number | null;
  lastAt: number | null;
}

export interface Counted {
  key: string;
  count: number;
}

export interface StatedFact {
  /** What makes two statements the same fact (see self-statements.ts). */
  key: string;
  value: string;
  count: number;
  /** When it was last said (epoch ms), for "the newest wins" between equals. */
  lastAt: number;
}

export type RateName =
  | 'question'
  | 'exclamation'
  | 'emoji'
  | 'contraction'
  | 'casual'
  | 'greeting'
  | 'politeness'
  | 'formal'
  | 'laughter'
  | 'howTo'
  | 'code';

const RATE_NAMES: readonly RateName[] = [
  'question',
  'exclamation',
  'emoji',
  'contraction',
  'casual',
  'greeting',
  'politeness',
  'formal',
  'laughter',
  'howTo',
  'code',
];

const STATEMENT_KINDS: readonly StatementKind[] = [
  'name',
  'address',
  'location',
  'origin',
  'occupation',
  'relationship',
  'project',
  'learning',
  'decision',
];

const MAX_FACTS_PER_KIND = 50;
const HISTOGRAM_BINS = 401;
const MAX_WORDS_PER_CONVERSATION = 2_000;

export interface EvidenceMessage {
  role: string;
  text: string;
}

export interface EvidenceConversation {
  title?: string | null;
  createdAt?: number | null;
  updatedAt?: number | null;
  doNotRemember?: boolean;
  messages: readonly EvidenceMessage[];
}

export class ProfileEvidenceCollector {
  #conversations = 0;
  #userMessages = 0;
  #userWords = 0;
  #emoji = 0;
  #firstAt: number | null = null;
  #lastAt: number | null = null;
  readonly #rateCounts = new Map<RateName, number>();
  readonly #lengths = new Uint32Array(HISTOGRAM_BINS);
  readonly #keywords = new BoundedCounter(2_000);
  readonly #topics = new BoundedCounter(64);
  readonly #languages = new BoundedCounter(32);
  readonly #usage = new BoundedCounter(32);
  readonly #facts = new Map<StatementKind, Map<string, StatedFact>>();

  /** Takes one conversation; do-not-remember ones are ignored. */
  add(conversation: EvidenceConversation): void {
    if (conversation.doNotRemember) return;
    const at = conversation.createdAt ?? conversation.updatedAt ?? null;
    let userMessages = 0;
    const words = contentWords(conversation.title ?? '');
    const languages = new Set<string>();
    const usage = new Set<UsageKind>();
    for (const message of conversation.messages) {
      if (message.role !== 'user') continue;
      userMessages++;
      const signals = measureMessage(message.text);
      this.#userMessages++;
      this.#userWords += signals.words;
      this.#emoji += signals.emoji;
      this.#lengths[Math.min(signals.words, HISTOGRAM_BINS - 1)]!++;
      for (const rate of RATE_NAMES) {
        const hit = rate === 'emoji' ? signals.emoji > 0 : signals[rate];
        if (hit) this.#rateCounts.set(rate, (this.#rateCounts.get(rate) ?? 0) + 1);
      }
      for (const language of signals.languages) languages.add(language);
      for (const kind of usageIn(signals.lower, signals.code)) usage.add(kind);
      if (words.size < MAX_WORDS_PER_CONVERSATION)
        contentWords(signals.lower, { lower: true, into: words });
      for (const statement of findSelfStatements(signals.prose, signals.lower)) {
        this.addStatement(statement.kind, statement.key, statement.value, at ?? 0);
      }
    }
    if (userMessages === 0) return;
    this.#conversations++;
    if (at !== null) {
      this.#firstAt = this.#firstAt === null ? at : Math.min(this.#firstAt, at);
      this.#lastAt = this.#lastAt === null ? at : Math.max(this.#lastAt, at);
    }
    const topics = new Set<string>();
    for (const word of words) {
      this.#keywords.add(word);
      const topic = topicOfWord(word);
      if (topic) topics.add(topic);
    }
    for (const topic of topics) this.#topics.add(topic);
    for (const language of languages) this.#languages.add(language);
    for (const kind of usage) this.#usage.add(kind);
  }

  /** Records a fact (also used for the account context, with a higher `weight`). */
  addStatement(kind: StatementKind, key: string, value: string, at: number, weight = 1): void {
    let facts = this.#facts.get(kind);
    if (!facts) {
      facts = new Map();
      this.#facts.set(kind, facts);
    }
    const known = facts.get(key);
    if (known) {
      known.count += weight;
      known.lastAt = Math.max(known.lastAt, at);
      if (value.length > known.value.length) known.value = value;
      return;
    }
    if (facts.size >= MAX_FACTS_PER_KIND) {
      const weakest = rankFacts([...facts.values()]).at(-1)!;
      if (weakest.count > weight) return;
      for (const [k, fact] of facts) if (fact === weakest) facts.delete(k);
    }
    facts.set(key, { key, value, count: weight, lastAt: at });
  }

  evidence(): ProfileEvidence {
    const n = this.#userMessages;
    const rates = Object.fromEntries(
      RATE_NAMES.map((rate) => [rate, n === 0 ? 0 : (this.#rateCounts.get(rate) ?? 0) / n]),
    ) as Record<RateName, number>;
    const statements = Object.fromEntries(
      STATEMENT_KINDS.map((kind) => [
        kind,
        rankFacts([...(this.#facts.get(kind)?.values() ?? [])]).map((fact) => ({ ...fact })),
      ]),
    ) as Record<StatementKind, StatedFact[]>;
    return {
      conversations: this.#conversations,
      userMessages: n,
      userWords: this.#userWords,
      medianWords: median(this.#lengths, n),
      rates,
      emojiPerMessage: n === 0 ? 0 : this.#emoji / n,
      languages: this.#languages.top(10),
      topics: this.#topics.top(20).map((t) => ({ ...t, label: TOPIC_LABELS.get(t.key) ?? t.key })),
      usage: this.#usage.top(12).map((u) => ({ ...u, name: u.key as UsageKind })),
      keywords: this.#keywords.top(30),
      statements,
      firstAt: this.#firstAt,
      lastAt: this.#lastAt,
    };
  }
}

/** Most said first; between equals, the most recent. */
export function rankFacts(facts: StatedFact[]): StatedFact[] {
  return facts.sort(
    (a, b) => b.count - a.count || b.lastAt - a.lastAt || (a.value < b.value ? -1 : 1),
  );
}

function median(histogram: Uint32Array, total: number): number {
  if (total === 0) return 0;
  let seen = 0;
  for (let words = 0; words < histogram.length; words++) {
    seen += histogram[words]!;
    if (seen * 2 >= total) return words;
  }
  return histogram.length - 1;
}

/** Evidence from conversations already in hand (e.g. the sample) when none was gathered. */
export function evidenceFrom(conversations: Iterable<EvidenceConversation>): ProfileEvidence {
  const collector = new ProfileEvidenceCollector();
  for (const conversation of conversations) collector.add(conversation);
  return collector.evidence();
}
