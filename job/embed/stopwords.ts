import { keyOfFoldedWord } from './word-hash.js';

/**
 * Common English function words, left out of the lexical embedding so that a chunk's score
 * comes from its content words ("Femke", "wedding"), not from how many "the"s it has. Includes
 * the pieces contractions and possessives split into ("s" of "Femke's", "t" of "don't").
 * A text made only of these is embedded with them (see lexical-embedder.ts).
 */
export const STOPWORDS: readonly string[] = [
  'a about above after again against all am an and any are as at be because been before being',
  'below between both but by can could d did do does doing down during each few for from',
  'further had has have having he her here hers herself him himself his how i if in into is it',
  'its itself just ll m me more most my myself no nor not now of off on once only or other our',
  'ours ourselves out over own re s same she should so some such t than that the their theirs',
  'them themselves then there these they this those through to too under until up ve very was',
  'we were what when where which while who whom why will with would you your yours yourself',
  'yourselves',
]
  .join(' ')
  .split(' ');

const STOPWORD_KEYS = new Set(STOPWORDS.map(keyOfFoldedWord));
/** A 64K bitmap over the keys' top 16 bits: most words are ruled out without a Set lookup. */
const STOPWORD_FILTER = new Uint8Array(0x10000);
for (const key of STOPWORD_KEYS) STOPWORD_FILTER[key >>> 16] = 1;
const MAX_STOPWORD_LENGTH = Math.max(...STOPWORDS.map((word) => word.length));

/** Whether the word with this key (see word-hash.ts) and length is a stopword. */
export function isStopword(key: number, length: number): boolean {
  return (
    length <= MAX_STOPWORD_LENGTH && STOPWORD_FILTER[key >>> 16] === 1 && STOPWORD_KEYS.has(key)
  );
}
