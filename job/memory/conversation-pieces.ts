import type { NormalizedConversation, NormalizedMessage } from '../export/types.js';
import { estimateTokens, messageTokens } from './excerpt-size.js';
import { hashText, nearDuplicateKey, type RecentHashes } from './recent-hashes.js';
import {
  MIN_SENTENCE_SCORE,
  STRONG_SENTENCE_SCORE,
  scoreSentence,
  splitSentences,
} from './score-sentence.js';
import { trimUserText } from './trim-user-text.js';
import type { FactInputMessage } from './types.js';

/** One user turn's contribution to an excerpt: its fact-bearing text, maybe after a question. */
export interface Piece {
  /** Position of the user message in the conversation, to restore order. */
  index: number;
  messages: FactInputMessage[];
  /** The best sentence's score plus 0.3 × the others' (see score-sentence.ts). */
  value: number;
  tokens: number;
}

/** Running counts the collector reports; see SelectionReport. */
export interface PieceStats {
  userMessages: number;
  userTokens: number;
  duplicates: number;
  lowSignal: number;
  lowSignalTokens: number;
  trimmedCode: number;
  trimmedLogs: number;
  trimmedBlobs: number;
  scaffolding: number;
  assistantContext: number;
}

/** A user turn this short, with no pasted material, is kept whole (its context is cheap). */
const WHOLE_MESSAGE_CHARS = 280;
/** No piece keeps more of one user turn than this. */
const MAX_PIECE_CHARS = 1_000;
/** A user reply this short may need the assistant's question to make sense. */
const SHORT_REPLY_CHARS = 160;
const MAX_QUESTION_CHARS = 240;
/** Messages shorter than this (normalized) are too generic to call duplicates ("thanks!"). */
const MIN_DUPLICATE_KEY = 24;
/** Paragraphs at least this long that recur across conversations are scaffolding. */
const MIN_SCAFFOLD_KEY = 80;
/** A short answer to a question about the person ("34, in Lyon") counts this much more. */
const ANSWER_BONUS = 1.5;

interface Sentence {
  text: string;
  score: number;
  blob: boolean;
  order: number;
}

/** The pieces of one conversation's user turns, in order; updates `stats` and `recent`. */
export function conversationPieces(
  conversation: NormalizedConversation,
  recent: RecentHashes,
  stats: PieceStats,
): Piece[] {
  const pieces: Piece[] = [];
  const messages = conversation.messages;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role !== 'user') continue;
    stats.userMessages++;
    const tokens = estimateTokens(message.text);
    stats.userTokens += tokens;
    const key = nearDuplicateKey(message.text);
    if (key.length >= MIN_DUPLICATE_KEY && recent.seen(hashText(`m\0${key}`))) {
      stats.duplicates++;
      continue;
    }
    const piece = userPiece(message, messages[index - 1], index, recent, stats);
    if (piece) pieces.push(piece);
    else {
      stats.lowSignal++;
      stats.lowSignalTokens += tokens;
    }
  }
  return pieces;
}

function userPiece(
  message: NormalizedMessage,
  previous: NormalizedMessage | undefined,
  index: number,
  recent: RecentHashes,
  stats: PieceStats,
): Piece | null {
  const trimmed = trimUserText(message.text);
  stats.trimmedCode += trimmed.code;
  stats.trimmedLogs += trimmed.logs;
  const sentences: Sentence[] = [];
  let hasBlob = false;
  let cleanChars = 0;
  for (const paragraph of trimmed.paragraphs) {
    const key = nearDuplicateKey(paragraph.text);
    if (key.length >= MIN_SCAFFOLD_KEY && recent.seen(hashText(`p\0${key}`))) {
      stats.scaffolding += paragraph.text.length;
      continue;
    }
    hasBlob ||= paragraph.blob;
    cleanChars += paragraph.text.length;
    for (const text of splitSentences(paragraph.text)) {
      sentences.push({
        text,
        score: scoreSentence(text),
        blob: paragraph.blob,
        order: sentences.length,
      });
    }
  }

  const question = cleanChars <= SHORT_REPLY_CHARS ? questionAboutThePerson(previous) : null;
  const isAnswer = question !== null && !sentences.some((s) => s.text.endsWith('?'));
  const best = sentences.reduce<Sentence | null>((a, s) => (a && a.score >= s.score ? a : s), null);
  if (isAnswer && best) best.score += ANSWER_BONUS;

  const chosen = sentences.filter(
    (s) => s.score >= (s.blob ? STRONG_SENTENCE_SCORE : MIN_SENTENCE_SCORE),
  );
  for (const s of sentences) {
    if (s.blob && s.score < STRONG_SENTENCE_SCORE) stats.trimmedBlobs += s.text.length;
  }
  if (chosen.length === 0) return null;

  const text =
    !hasBlob && cleanChars <= WHOLE_MESSAGE_CHARS
      ? sentences.map((s) => s.text).join(' ')
      : joinChosen(chosen);
  const out: FactInputMessage[] = [];
  if (isAnswer && question) {
    out.push({ role: 'assistant', text: question });
    stats.assistantContext++;
  }
  out.push({ role: 'user', text });
  const scores = chosen.map((s) => s.score).sort((a, b) => b - a);
  const value = scores[0]! + 0.3 * scores.slice(1, 10).reduce((sum, s) => sum + s, 0);
  const tokens = out.reduce((sum, m) => sum + messageTokens(m.text), 0);
  return { index, messages: out, value: Math.round(value * 100) / 100, tokens };
}

/** The chosen sentences in their order, within MAX_PIECE_CHARS (best first), gaps marked "…". */
function joinChosen(chosen: Sentence[]): string {
  const kept: Sentence[] = [];
  let chars = 0;
  for (const s of [...chosen].sort((a, b) => b.score - a.score || a.order - b.order)) {
    const text = s.text.length > MAX_PIECE_CHARS ? `${s.text.slice(0, MAX_PIECE_CHARS)}…` : s.text;
    if (kept.length > 0 && chars + text.length > MAX_PIECE_CHARS) continue;
    kept.push({ ...s, text });
    chars += text.length + 3;
  }
  kept.sort((a, b) => a.order - b.order);
  let out = kept[0]!.order > 0 ? '… ' : '';
  kept.forEach((s, i) => {
    if (i > 0) out += s.order === kept[i - 1]!.order + 1 ? ' ' : ' … ';
    out += s.text;
  });
  return out;
}

/**
 * The assistant's closing question when it asks about the person ("How old are you?", "What is
 * your budget?"), not when it offers help ("Would you like me to…?").
 */
function questionAboutThePerson(previous: NormalizedMessage | undefined): string | null {
  if (previous?.role !== 'assistant') return null;
  const last = splitSentences(previous.text.slice(-2_000)).pop();
  if (!last?.endsWith('?')) return null;
  if (!/\b(?:you|your|yours)\b/i.test(last)) return null;
  if (/\b(?:me to|shall i|should i|can i|may i|let me|want me)\b/i.test(last)) return null;
  return last.length > MAX_QUESTION_CHARS ? `…${last.slice(-MAX_QUESTION_CHARS)}` : last;
}
