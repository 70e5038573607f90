import { STOPWORDS } from '../embed/stopwords.js';

/**
 * Words common to any chat whatever it is about (asking, helping, wanting, quantities and
 * vague nouns): left out of the topic keywords together with the English function words.
 */
const CHAT_FILLER = `
  about above actually again also always another anyone anything anyway around back best better
  bit can't could couldn't does doesn't doing done don't each else even ever every everything
  example explain find first from gets give given going good great help here it's just keep
  know last later least less like likely little look looking lot make makes making many maybe
  mean might more most much must need needs never next nice okay once one only other others
  please pretty probably question quick quite rather really right said same say seems should
  show since some someone something sometimes still such sure take tell than thank thanks that's
  there's thing things think this those though thought time times today together tomorrow trying
  two upon used using want wants way ways well what's whether while whole will within without
  won't work would write wrong yeah year years yes yesterday your you're first second third
  help helps better best could would should might new old different same similar certain
  great good bad small large big long short high low full empty easy hard simple really
  can will just like also very much many more most less few each every some any all both
`;

const EXCLUDED = new Set([...STOPWORDS, ...CHAT_FILLER.trim().split(/\s+/)]);

export const MIN_WORD_LENGTH = 4;
export const MAX_WORD_LENGTH = 24;

/**
 * The distinct content words of a text, lower-case, at most `limit` new ones, added to `into`
 * when given. `lower`: the text is already in lower case.
 */
export function contentWords(
  text: string,
  options: { limit?: number; into?: Set<string>; lower?: boolean } = {},
): Set<string> {
  const limit = (options.into?.size ?? 0) + (options.limit ?? 400);
  const words = options.into ?? new Set<string>();
  const source = options.lower ? text : text.toLowerCase();
  const pattern = /\p{L}[\p{L}'-]*/gu;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    let word = match[0];
    if (word.length < MIN_WORD_LENGTH) continue;
    const last = word.charCodeAt(word.length - 1);
    if (last === 39 || last === 45 || word.endsWith("'s"))
      word = word.replace(/'s$/, '').replace(/['-]+$/, '');
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH) continue;
    if (EXCLUDED.has(word)) continue;
    words.add(word);
    if (words.size >= limit) break;
  }
  return words;
}
