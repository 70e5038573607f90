/**
 * Facts a person states about themselves in their own messages ("my name is…", "I live in…",
 * "I work as…", "my partner Joost…"), found with regexes. Only run on what the PERSON wrote
 * (their messages, their custom instructions) or on ChatGPT's saved notes about them, turned
 * into the first person by `toFirstPerson`. Precision over recall: a name must be capitalised,
 * "I'm X" counts only as a whole short introduction ("Hi, I'm Ilse."), and an occupation after
 * "I'm a/an" must end in a known job noun.
 */

import {
  OCCUPATIONS,
  PATTERNS,
  type PatternKind,
  triggeredPatterns,
} from './statement-patterns.js';

export type StatementKind =
  | 'name'
  | 'address'
  | 'location'
  | 'origin'
  | 'occupation'
  | 'relationship'
  | 'project'
  | 'learning'
  | 'decision';

export interface SelfStatement {
  kind: StatementKind;
  /** How it reads in the profile, e.g. "Joost (partner, pastry chef)". */
  value: string;
  /** What makes two statements the same fact, e.g. "partner:joost". */
  key: string;
}

/** Capitalised words that are not names (sentence openers, states, nationalities, days). */
const NOT_NAMES = new Set(
  `I I'm The A An And But So Or My Our We He She It They This That Is Was Not Just Also Really Very
  Here There Sorry Back Done Fine Good Great Okay Ok OK Still Trying Going Looking Working Currently
  Now Today Mr Mrs Ms Dr Happy Glad Ready Sure Interested Curious New Tired Busy Learning Using
  English American British Canadian Australian Irish Scottish Welsh French German Dutch Belgian
  Flemish Spanish Italian Portuguese Polish Swedish Norwegian Danish Finnish Greek Turkish Russian
  Ukrainian Indian Pakistani Chinese Japanese Korean Vietnamese Thai Filipino Mexican Brazilian
  Argentinian Nigerian Kenyan African European Asian Latino Christian Muslim Jewish Catholic Hindu
  Buddhist Atheist Vegan Vegetarian Monday Tuesday Wednesday Thursday Friday Saturday Sunday
  January February March April May June July August September October November December`.split(
    /\s+/,
  ),
);

const PLACE_CONNECTORS = /^(?:of|upon|on|de|la|le|am|del|da)$/;
const PHRASE_STOP =
  /^(?:at|for|in|on|with|and|but|so|since|because|mostly|mainly|who|which|where|from|to|of|while|when|by|now|currently|these|this|right|though|although)$/i;
const PROJECT_NOUNS =
  /\b(?:called|named|app|application|website|site|tool|game|book|novel|startup|company|business|project|thesis|dissertation|podcast|blog|channel|library|platform|plugin|extension|bot|course|album)\b/i;
const TRAILING_ADVERBS =
  /(?:\s+(?:properly|again|now|currently|slowly|seriously|finally|at the moment|these days|right now|this year|on my own|for fun))+$/i;

/** `lower`: the text in lower case with straight apostrophes, when the caller has it already. */
export function findSelfStatements(text: string, lower?: string): SelfStatement[] {
  const normalized = text.replace(/[\u2018\u2019\u02BC]/g, "'");
  const folded = lower ?? normalized.toLowerCase();
  const found: SelfStatement[] = [];
  const triggered = triggeredPatterns(folded);
  if (triggered.size === 0) return [];
  for (const [index, [kind, , pattern]] of PATTERNS.entries()) {
    if (!triggered.has(index)) continue;
    for (const match of normalized.matchAll(pattern)) {
      const statement = interpret(kind, match);
      if (statement) found.push(statement);
    }
  }
  return found;
}

function interpret(kind: PatternKind, match: RegExpMatchArray): SelfStatement | undefined {
  const tail = match[match.length - 1] ?? '';
  switch (kind) {
    case 'name': {
      const name = capitalizedWords(tail, 3);
      return name ? { kind, value: name, key: name.toLowerCase() } : undefined;
    }
    case 'address': {
      const name = capitalizedWords(tail, 2);
      return name ? { kind, value: name, key: name.toLowerCase() } : undefined;
    }
    case 'introduction': {
      const intro =
        /^(\p{Lu}[\p{L}'-]+)(?=\s*(?:[,.!?;:)]|$)|\s+(?:and|from|here|by|btw|again)\b)/u.exec(tail);
      const name = intro?.[1];
      if (!name || NOT_NAMES.has(name)) return undefined;
      return { kind: 'name', value: name, key: name.toLowerCase() };
    }
    case 'location':
    case 'origin': {
      const place = placeName(tail);
      return place ? { kind, value: place, key: place.toLowerCase() } : undefined;
    }
    case 'occupation': {
      const job = match.length === 2 && match[1] !== tail ? match[1]! : phrase(tail, 4);
      const value = job?.trim().replace(/\s+/g, ' ');
      if (!value || !/^[\p{L}][\p{L} -]*$/u.test(value)) return undefined;
      return { kind, value: value.toLowerCase(), key: value.toLowerCase() };
    }
    case 'relationship':
    case 'pet': {
      const relation = match[1]!.toLowerCase();
      const nameMatch = /^(\p{Lu}[\p{L}-]+)(?:'s)?/u.exec(tail);
      const name = nameMatch?.[1];
      if (!name || NOT_NAMES.has(name)) return undefined;
      const rest = tail.slice(nameMatch![0].length);
      const detail = new RegExp(
        String.raw`^\s+is\s+an?\s+((?:[\p{L}-]+\s+){0,2}(?:${OCCUPATIONS}))\b`,
        'iu',
      ).exec(rest)?.[1];
      const value = `${name} (${relation}${detail ? `, ${detail.toLowerCase()}` : ''})`;
      return { kind: 'relationship', value, key: `${relation}:${name.toLowerCase()}` };
    }
    case 'project': {
      const head = clause(tail, 90);
      if (!head || !PROJECT_NOUNS.test(head)) return undefined;
      const value = `building ${toThirdPerson(head)}`;
      return { kind, value, key: value.toLowerCase() };
    }
    case 'learning': {
      const what = phrase(tail, 5)?.replace(TRAILING_ADVERBS, '');
      if (!what) return undefined;
      const value = `${match[1] ? 'to ' : ''}${toThirdPerson(what)}`;
      return { kind, value, key: value.toLowerCase() };
    }
    case 'decision': {
      const head = clause(tail, 100);
      if (!head) return undefined;
      const value = `decided to ${toThirdPerson(head)}`;
      return { kind, value, key: value.toLowerCase() };
    }
  }
}

/** Up to `max` capitalised words from the start, stopping at punctuation or a non-name. */
function capitalizedWords(text: string, max: number): string | undefined {
  const words: string[] = [];
  for (const raw of text.trim().split(/\s+/)) {
    const word = raw.replace(/'s$/, '').replace(/[,.;:!?)"]+$/, '');
    if (!/^\p{Lu}[\p{L}'-]*$/u.test(word) || NOT_NAMES.has(word)) break;
    words.push(word);
    if (words.length >= max || word !== raw) break;
  }
  return words.length > 0 ? words.join(' ') : undefined;
}

/** "Ghent", "New York", "St. Louis", "Austin, Texas", "Isle of Wight": capitalised words and connectors. */
function placeName(text: string): string | undefined {
  const tokens = text.trim().split(/\s+/);
  const words: string[] = [];
  let stop = '';
  let i = 0;
  for (; i < tokens.length && words.length < 4; i++) {
    const { word, trailing } = splitTrailing(tokens[i]!);
    const fits = PLACE_WORD.test(word) || (words.length > 0 && PLACE_CONNECTORS.test(word));
    if (!fits) break;
    if (trailing === '.' && ABBREVIATIONS.has(word)) {
      words.push(`${word}.`);
      continue;
    }
    words.push(word);
    if (trailing !== '') {
      stop = trailing;
      i++;
      break;
    }
  }
  while (words.length > 0 && PLACE_CONNECTORS.test(words[words.length - 1]!)) words.pop();
  if (words.length === 0 || NOT_NAMES.has(words[0]!)) return undefined;
  const place = words.join(' ');
  if (stop !== ',') return place;
  // "Austin, Texas." : a second part only when it closes the clause.
  const region: string[] = [];
  for (; i < tokens.length && region.length < 2; i++) {
    const { word, trailing } = splitTrailing(tokens[i]!);
    if (!PLACE_WORD.test(word) || NOT_NAMES.has(word)) return place;
    region.push(word);
    if (trailing !== '') return `${place}, ${region.join(' ')}`;
  }
  return i >= tokens.length && region.length > 0 ? `${place}, ${region.join(' ')}` : place;
}

const PLACE_WORD = /^\p{Lu}[\p{L}'-]*$/u;
const ABBREVIATIONS = new Set(['St', 'Ste', 'Mt', 'Ft']);

function splitTrailing(token: string): { word: string; trailing: string } {
  const trailing = /[.,!?;:)"]+$/.exec(token)?.[0] ?? '';
  return { word: token.slice(0, token.length - trailing.length), trailing };
}

/** The first words up to punctuation or a linking word, at most `max` words. */
function phrase(text: string, max: number): string | undefined {
  const head = text.split(/[,.;:!?()\n]/)[0] ?? '';
  const words: string[] = [];
  for (const word of head.trim().split(/\s+/)) {
    if (word === '' || PHRASE_STOP.test(word)) break;
    words.push(word);
    if (words.length >= max) break;
  }
  return words.length > 0 ? words.join(' ') : undefined;
}

/** The text up to the end of its clause, cut at a word boundary within `max` characters. */
function clause(text: string, max: number): string | undefined {
  let head = (text.split(/[.;!?\n]|,\s/)[0] ?? '').trim();
  if (head.length > max) head = head.slice(0, head.lastIndexOf(' ', max)).trim();
  return head.length >= 3 ? head : undefined;
}

/** "sell my car" → "sell their car": for statements quoted in the profile. */
export function toThirdPerson(text: string): string {
  const swaps: Record<string, string> = {
    my: 'their',
    our: 'their',
    me: 'them',
    us: 'them',
    mine: 'theirs',
    myself: 'themselves',
    "i'm": "they're",
    i: 'they',
    we: 'they',
  };
  return text.replace(/\b(?:my|our|me|us|mine|myself|I'm|I|we)\b/gi, (word) => {
    const swap = swaps[word.toLowerCase()]!;
    return word[0] === word[0]!.toUpperCase() && word.toLowerCase() !== 'i' && word !== "I'm"
      ? swap[0]!.toUpperCase() + swap.slice(1)
      : swap;
  });
}

/** "User's partner is Joost." → "My partner is Joost.": ChatGPT's notes, read as the person's. */
export function toFirstPerson(note: string): string {
  return note
    .replace(/^\s*(?:the\s+)?user's\s+/i, 'My ')
    .replace(/^\s*(?:the\s+)?user\s+is\s+/i, "I'm ")
    .replace(/^\s*(?:the\s+)?user\s+has\s+/i, 'I have ')
    .replace(/^\s*(?:the\s+)?user\s+(\p{L}+?)s\b/iu, 'I $1');
}
