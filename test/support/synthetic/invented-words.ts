import type { Prng } from './prng.js';
import { TOPICS } from './topics.js';
import { ACCENTED, ADJECTIVES, ADVERBS, NOUNS, VERBS } from './vocabulary.js';

const ONSETS = [
  'b',
  'd',
  'f',
  'g',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'dr',
  'kr',
  'tr',
  'vr',
  'th',
  'qu',
  'sk',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ae', 'io', 'ou', 'y'];
const CODAS = ['', '', 'n', 'r', 'l', 's', 'th', 'x', 'nd', 'rk', 'v'];

const KNOWN_WORDS = [
  ...NOUNS,
  ...VERBS,
  ...ADJECTIVES,
  ...ADVERBS,
  ...ACCENTED,
  ...TOPICS.flatMap((topic) => topic.nouns),
].map((word) => word.toLowerCase());

/**
 * Hands out invented capitalised words (names, places, code words) that are unique within one
 * export: none is a substring of another, and none occurs inside an ordinary vocabulary word, so
 * a test can search the output for a needle and find exactly where it was planted.
 */
export class InventedWords {
  private readonly used: string[] = [];

  constructor(private readonly rng: Prng) {}

  /** Reserves a word chosen elsewhere (e.g. a hand-written needle), so inventions avoid it. */
  reserve(word: string): void {
    this.used.push(word.toLowerCase());
  }

  next(minLength = 7): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const word = this.compose(minLength);
      if (this.isFree(word.toLowerCase())) {
        this.used.push(word.toLowerCase());
        return word;
      }
    }
    throw new Error('InventedWords: could not find a free word after 1000 attempts');
  }

  private compose(minLength: number): string {
    let word = '';
    while (word.length < minLength) {
      word += this.rng.pick(ONSETS) + this.rng.pick(VOWELS);
      if (this.rng.chance(0.5)) word += this.rng.pick(CODAS);
    }
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  private isFree(lower: string): boolean {
    for (const other of this.used) if (other.includes(lower) || lower.includes(other)) return false;
    for (const known of KNOWN_WORDS) if (known.includes(lower)) return false;
    return true;
  }
}
