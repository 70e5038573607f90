/**
 * How much a sentence the person wrote looks like it says something lasting about them.
 *
 * Facts about a person come from what they say about themselves: "I live in…", "my sister…",
 * "we decided…", names, places and dates. Requests to the assistant ("can you fix…", "how do
 * I…") rarely carry one. The score adds three kinds of evidence and then discounts the forms
 * that seldom state facts:
 *
 * - self-reference: +2 when the sentence speaks in the first person (I, my, we, our…), +1 more
 *   when it opens with it ("I…", "My…", "Honestly, I…"): the person is the subject;
 * - disclosure cues: +1.5 for each family of words present, at most three families: people and
 *   pets, identity (name, home, work, age), likes and habits, plans and decisions, beliefs and
 *   values, projects and studies, life events and deadlines (see CUE_FAMILIES);
 * - specifics: +1 per capitalised word inside the sentence (a name, place or brand; at most 3),
 *   +1.5 for a date expression (a month, a year, "next spring"), +0.5 for another number;
 *
 * then × 0.5 for a question, × 0.5 for a request or instruction to the assistant, × 0.5 for a
 * fragment under 4 words, × 0.7 for a run-on over 60 words (pasted prose).
 *
 * A plain request scores 0–1.5; a first-person statement with a name or a date scores 5–9.
 * The thresholds used by the selection are below. Nothing here knows any particular phrasing;
 * the word lists are the ordinary vocabulary of self-disclosure.
 */

/**
 * A sentence at or above this is a candidate: anything personal at all (a first-person
 * dilemma, a name). The token budget then keeps the best candidates, so this floor only
 * decides what may compete, not what is sent.
 */
export const MIN_SENTENCE_SCORE = 1;
/** Inside pasted blobs (long pastes, data) a sentence must score this to be kept. */
export const STRONG_SENTENCE_SCORE = 4;

/** A case-insensitive pattern matched as whole words (Unicode-aware: "crème" holds no "me"). */
function words(body: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])`, 'iu');
}

const CUE_FAMILIES: readonly RegExp[] = [
  // people and pets
  words(
    `wife|husband|partner|spouse|boyfriend|girlfriend|fianc[ée]e?|son|daughters?|sons|kids?|children|child|baby|toddler|mom|mum|mother|dad|father|parents?|sister|brother|siblings?|grand(?:ma|pa|mother|father|parents?|kids?)|aunt|uncle|cousin|niece|nephew|friends?|boss|colleagues?|co-?workers?|roommates?|flatmates?|neighbou?rs?|therapist|dog|cat|puppy|kitten|pets?`,
  ),
  // identity: name, age, home, origin, work
  words(
    `my name|call me|years old|born|grew up|live|lives|living|moved|based in|hometown|nationality|work (?:as|at|for|in)|working (?:as|at|for)|my (?:job|role|company|employer|office|team)|i'?m an? |i am an? |i'?m from|i am from`,
  ),
  // likes, dislikes, habits
  words(
    `prefer|prefers|preferred|favou?rite|love|loves|like|enjoy|enjoys|hate|hates|can'?t stand|cannot stand|dislike|allergic|vegetarian|vegan|always|never|usually|fan of`,
  ),
  // plans and decisions
  words(
    `decided|decide|decision|plan to|planning|plans to|going to|gonna|want to|hoping to|intend|switch(?:ing|ed)? to|quit|quitting|move|moving|sell|selling|sold|buy|buying|bought|chose|chosen|choosing|signed|accepted|will`,
  ),
  // beliefs and values
  words(
    String.raw`believe|believes|belief|convinced|opinion|values?|principles?|important to me|matters to me|faith|religio\w*|i think that|i feel that`,
  ),
  // projects, work and studies
  words(
    String.raw`building|built|working on|leading|project|startup|company|business|launch\w*|my (?:app|book|blog|thesis|novel|channel|shop|game|band|podcast)|learning|studying|training for|course|degree|certification|thesis|self-publish\w*`,
  ),
  // life events and deadlines
  words(
    String.raw`wedding|married|marry|engaged|birthday|anniversary|funeral|pregnan\w*|exam|interview|deadline|trip|vacation|holiday|appointment|surgery|graduat\w*|retire\w*|scheduled`,
  ),
];

const FIRST_PERSON = words("i|i'm|i've|i'd|i'll|im|ive|me|my|mine|myself|we|we're|we've|our|ours");
/** First person as the subject: at the start, or after a short lead-in ("By the way, my…"). */
const OPENS_WITH_SELF =
  /^(?:[\p{L}']+(?:\s+[\p{L}']+){0,2},\s*)?(?:i|i'm|i've|i'd|i'll|im|my|we|we're|we've|our)\b/iu;
const REQUEST =
  /^(?:please\s+)?(?:(?:can|could|would|will) you|please|write|give|explain|help|make|create|generate|rewrite|summari[sz]e|translate|list|show|tell me|draft|fix|check|describe|find|suggest|compare|try|let'?s)\b/i;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  `\\b(?:(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b|(?:january|february|march|april|june|july|august|september|october|november|december)\\b|(?:19|20)\\d{2}\\b|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?|(?:next|this|last) (?:week|month|year|spring|summer|autumn|fall|winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))`,
  'i',
);
const NUMBER = /\d/;
/** A capital after the first word: the cheap test before looking for names. */
const CAPITAL_INSIDE = /\s["'([]?\p{Lu}/u;
/** Words written with a capital inside a sentence that are not names. */
const COMMON_CAPITALS = new Set([
  'I',
  'OK',
  'AI',
  'ChatGPT',
  'GPT',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]);

export function scoreSentence(sentence: string): number {
  const text = sentence.replace(/[’‘]/g, "'").trim();
  if (text.length === 0) return 0;
  let score = 0;
  if (FIRST_PERSON.test(text)) score += OPENS_WITH_SELF.test(text) ? 3 : 2;
  let families = 0;
  for (const family of CUE_FAMILIES) if (family.test(text)) families++;
  score += 1.5 * Math.min(3, families);
  score += Math.min(3, namedWords(text));
  if (DATE.test(text)) score += 1.5;
  else if (NUMBER.test(text)) score += 0.5;

  const words = text.split(/\s+/).length;
  if (/\?["')\]]*$/.test(text)) score *= 0.5;
  if (REQUEST.test(text)) score *= 0.5;
  if (words < 4) score *= 0.5;
  else if (words > 60) score *= 0.7;
  return Math.round(score * 100) / 100;
}

/** Capitalised words after the first one (names, places, brands), not counting "I" or months. */
function namedWords(text: string): number {
  if (!CAPITAL_INSIDE.test(text)) return 0;
  let count = 0;
  const words = text.split(/\s+/);
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!.replace(/^[("'[]+|[)"'\],.;:!?]+$/g, '').replace(/'s$/, '');
    if (!/^\p{Lu}[\p{L}\p{N}'-]+$/u.test(word) || COMMON_CAPITALS.has(word)) continue;
    // After a sentence-like break the capital is grammar, not a name.
    if (/[.:!?]$/.test(words[i - 1]!)) continue;
    count++;
  }
  return count;
}

const ABBREVIATION = /\b(?:dr|mr|mrs|ms|st|prof|jr|sr|vs|etc|e\.g|i\.e|approx|no)\.$/i;

/** Splits text into sentences at . ! ? … and line breaks, not after common abbreviations. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    for (const match of line.matchAll(/[.!?…]+["')\]]*\s+/g)) {
      const end = match.index + match[0].length;
      const head = line.slice(start, match.index + match[0].trimEnd().length);
      if (ABBREVIATION.test(head)) continue;
      pushTrimmed(out, head);
      start = end;
    }
    pushTrimmed(out, line.slice(start));
  }
  return out;
}

function pushTrimmed(out: string[], sentence: string): void {
  const trimmed = sentence.trim();
  if (trimmed.length > 0) out.push(trimmed);
}
