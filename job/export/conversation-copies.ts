import { createHash } from 'node:crypto';
import type { NormalizedConversation } from './types.js';

/**
 * The same conversation can appear twice in one export (in two shards, or twice in one file).
 * One copy is kept: the newest `update_time`, then the one with more messages, then the first.
 * A read cannot take back a copy it already handed on, so the first read of an export keeps a
 * later copy only when it is better (and says so, `replaces`), and records the winners; later
 * reads of the same file are given those winners (`ConversationCopies.winners()`) and hand on
 * exactly one copy of each conversation, so no two copies ever meet in the chunks.
 *
 * Conversations whose id was derived from their content (no id in the file) share an id only
 * when they start alike: an exact copy (same messages) is a duplicate, a different
 * conversation gets a distinct id (the derived id and its position in the file).
 *
 * Bounded: at most `MAX_TRACKED` ids are remembered (a real export has tens of thousands).
 */

const MAX_TRACKED = 1_000_000;

/** Ids seen more than once → the position (element number) of the copy to keep. */
export type CopyWinners = ReadonlyMap<string, number>;

export type CopyVerdict =
  | { keep: true; id: string; replaces: ReplacedCopy | null }
  | { keep: false; reason: 'duplicate' };

/** What the read had counted for a copy that a better one replaced. */
export interface ReplacedCopy {
  user: number;
  assistant: number;
  system: number;
}

interface KeptCopy extends ReplacedCopy {
  ordinal: number;
  updatedAt: number;
  messages: number;
  /** For derived ids only: the hash of the messages, to tell copies from look-alikes. */
  contentHash: string | null;
}

export class ConversationCopies {
  private readonly kept = new Map<string, KeptCopy>();
  private readonly repeated = new Set<string>();

  constructor(private readonly chosen: CopyWinners | null = null) {}

  admit(conversation: NormalizedConversation, ordinal: number): CopyVerdict {
    const { id } = conversation;
    if (conversation.idDerived) return this.admitDerived(conversation, ordinal);
    if (this.chosen) {
      const winner = this.chosen.get(id);
      if (winner !== undefined && winner !== ordinal) return { keep: false, reason: 'duplicate' };
      return { keep: true, id, replaces: null };
    }
    const earlier = this.kept.get(id);
    const copy = describe(conversation, ordinal, null);
    if (!earlier) {
      if (this.kept.size < MAX_TRACKED) this.kept.set(id, copy);
      return { keep: true, id, replaces: null };
    }
    this.repeated.add(id);
    if (!isBetter(copy, earlier)) return { keep: false, reason: 'duplicate' };
    this.kept.set(id, copy);
    return { keep: true, id, replaces: earlier };
  }

  /** After a full read: which copy of each repeated id to keep on later reads. */
  winners(): CopyWinners {
    const winners = new Map<string, number>();
    for (const id of this.repeated) winners.set(id, this.kept.get(id)!.ordinal);
    return winners;
  }

  private admitDerived(conversation: NormalizedConversation, ordinal: number): CopyVerdict {
    const hash = contentHash(conversation);
    const earlier = this.kept.get(conversation.id);
    if (earlier && earlier.contentHash === hash) return { keep: false, reason: 'duplicate' };
    const id = earlier ? distinctId(conversation.id, ordinal) : conversation.id;
    if (this.kept.size < MAX_TRACKED) this.kept.set(id, describe(conversation, ordinal, hash));
    return { keep: true, id, replaces: null };
  }
}

function describe(
  conversation: NormalizedConversation,
  ordinal: number,
  hash: string | null,
): KeptCopy {
  let user = 0;
  let assistant = 0;
  let system = 0;
  for (const m of conversation.messages) {
    if (m.role === 'user') user++;
    else if (m.role === 'assistant') assistant++;
    else system++;
  }
  return {
    ordinal,
    updatedAt: conversation.updatedAt ?? Number.NEGATIVE_INFINITY,
    messages: conversation.messages.length,
    contentHash: hash,
    user,
    assistant,
    system,
  };
}

function isBetter(copy: KeptCopy, earlier: KeptCopy): boolean {
  if (copy.updatedAt !== earlier.updatedAt) return copy.updatedAt > earlier.updatedAt;
  return copy.messages > earlier.messages;
}

function contentHash(conversation: NormalizedConversation): string {
  const hash = createHash('sha256');
  for (const m of conversation.messages) hash.update(`${m.role}\0${m.createdAt}\0${m.text}\0`);
  return hash.digest('hex');
}

/** Another derived id for a different conversation that started like an earlier one. */
function distinctId(id: string, ordinal: number): string {
  const hex = createHash('sha256').update(`${id}\0${ordinal}`).digest('hex');
  return uuidFromHex(hex);
}

/** A UUID-shaped id (version 8: custom) from hex digits, so it fits wherever ids are UUIDs. */
export function uuidFromHex(hex: string): string {
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
