import type { ProfileEvidence } from './profile-evidence.js';
import type { EmojiStyle } from './soulprint.js';

/**
 * How the person writes, classified from the evidence's rates. The thresholds are judgement
 * calls, kept here in one place:
 * - length from the median message: < 12 words short, < 60 medium, else long;
 * - emoji from the share of messages with one: 0 none, < 5 % minimal, < 25 % moderate, heavy;
 * - formality = formal markers + 0.3 × politeness − casual markers − 0.5 × contractions
 *   − 0.5 × laughter − 0.3 × emoji share: ≥ 0.15 formal, ≤ −0.25 casual, else neutral.
 */
export interface WritingStyle {
  /** False when the person wrote nothing: every other field is then a neutral default. */
  known: boolean;
  length: 'short' | 'medium' | 'long';
  medianWords: number;
  formality: 'casual' | 'neutral' | 'formal';
  emojiStyle: EmojiStyle;
  inquisitive: boolean;
  direct: boolean;
  expressive: boolean;
  playful: boolean;
  technical: boolean;
  practical: boolean;
  polite: boolean;
}

export function writingStyle(evidence: ProfileEvidence): WritingStyle {
  const r = evidence.rates;
  const known = evidence.userMessages > 0;
  const median = evidence.medianWords;
  const formality =
    r.formal +
    0.3 * r.politeness -
    r.casual -
    0.5 * r.contraction -
    0.5 * r.laughter -
    0.3 * r.emoji;
  return {
    known,
    length: median < 12 ? 'short' : median < 60 ? 'medium' : 'long',
    medianWords: median,
    formality: formality >= 0.15 ? 'formal' : formality <= -0.25 ? 'casual' : 'neutral',
    emojiStyle: !known
      ? 'minimal'
      : r.emoji === 0
        ? 'none'
        : r.emoji < 0.05
          ? 'minimal'
          : r.emoji < 0.25
            ? 'moderate'
            : 'heavy',
    inquisitive: r.question >= 0.5,
    direct: r.question < 0.2,
    expressive: r.exclamation >= 0.2 || r.emoji >= 0.1,
    playful: r.laughter >= 0.05,
    technical: r.code >= 0.1 || evidence.languages.some((l) => l.count >= 2),
    practical: r.howTo >= 0.2,
    polite: r.politeness >= 0.3,
  };
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
