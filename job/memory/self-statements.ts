import type { FactCategory } from '../../core/db/index.js';

/**
 * Facts without a model: explicit statements a person makes about themselves ("I live in…",
 * "My partner…", "I've decided to…"), recognised by their opening and rewritten as a statement
 * about the person ("Lives in…", "Partner…", "Decided to…"). Questions, requests and
 * hypotheticals ("if I…") are not statements. The rest of the sentence is kept as written.
 */

export interface SelfStatement {
  category: FactCategory;
  fact: string;
}

/** A short lead-in the statement may follow: "By the way, ", "Honestly, ", "Also ". */
const LEAD = String.raw`(?:(?:by the way|honestly|also|so|well|actually|fyi|for context|for what it's worth|just so you know|btw|oh|and|but|(?:at|in|for) (?:work|home|school|the moment|now))[,:]?\s+)*`;
const PEOPLE = `wife|husband|partner|spouse|boyfriend|girlfriend|fianc[ée]e?|son|daughter|kids?|children|baby|mom|mum|mother|dad|father|parents|sister|brother|grand(?:ma|pa|mother|father|parents)|aunt|uncle|cousin|niece|nephew|best friend|friend|boss|manager|colleague|roommate|flatmate|dog|cat|puppy|kitten|horse|rabbit|parrot`;

interface Rule {
  category: FactCategory;
  /** Matched after the lead-in, case-insensitively. */
  pattern: RegExp;
  /** The statement about the person, from the match. */
  fact: (match: RegExpExecArray) => string;
}

const rule = (
  category: FactCategory,
  opening: string,
  fact: (match: RegExpExecArray) => string,
): Rule => ({ category, pattern: new RegExp(`^${LEAD}${opening}`, 'iu'), fact });

/** The last capture group: the rest of the sentence. */
const rest = (m: RegExpExecArray) => m[m.length - 1] ?? '';

const EVENTS = `move|wedding|trip|exam|interview|birthday|anniversary|appointment|surgery|flight|holiday|vacation|deadline|due date|graduation`;

const RULES: readonly Rule[] = [
  rule('identity', String.raw`my name is\s+(.+)`, (m) => `Name: ${nameOnly(rest(m))}`),
  rule('identity', String.raw`(?:i'm|i am) called\s+(.+)`, (m) => `Name: ${nameOnly(rest(m))}`),
  rule('identity', String.raw`(?:i'm|i am) (\d{1,3}) years? old`, (m) => `Is ${m[1]} years old`),
  rule(
    'identity',
    String.raw`i (?:live|am living|'m living) (in|near|outside|on)\s+(.+)`,
    (m) => `Lives ${m[1]} ${rest(m)}`,
  ),
  rule(
    'identity',
    String.raw`(?:i'm|i am) (?:based|located) in\s+(.+)`,
    (m) => `Lives in ${rest(m)}`,
  ),
  rule('identity', String.raw`(?:i'm|i am) originally from\s+(.+)`, (m) => `Is from ${rest(m)}`),
  rule(
    'identity',
    String.raw`i (?:work|am working|'m working) (as|at|for|in)\s+(.+)`,
    (m) => `Works ${m[1]} ${rest(m)}`,
  ),
  rule('dates', String.raw`(?:my|our) ((?:${EVENTS})\b.+)`, (m) => rest(m)),
  rule(
    'dates',
    String.raw`i(?: have|'ve got| have got) (?:my |a |an )?(.*\b(?:${EVENTS})\b.+)`,
    (m) => `Has ${rest(m)}`,
  ),
  rule('relationships', String.raw`(?:my|our) ((?:${PEOPLE})\b.+)`, (m) => rest(m)),
  rule(
    'projects',
    String.raw`(?:i'm|i am|we're|we are) (?:currently |now )?(building|making|writing|developing|working on|leading|learning|studying|training for|preparing for)\s+(.+)`,
    (m) => `Is ${m[1]} ${rest(m)}`,
  ),
  rule('projects', String.raw`my ((?:[\p{L}-]+ )?project (?:is|called)\s+.+)`, (m) => rest(m)),
  rule(
    'decisions',
    String.raw`(?:i|we)(?:'ve| have)? (?:[\p{L}]+ )?decided (to|on|that|against)\s+(.+)`,
    (m) => `Decided ${m[1]} ${rest(m)}`,
  ),
  rule(
    'beliefs',
    String.raw`i(?:'ve| have)? (?:[\p{L}]+ )?(?:believe|believed|am convinced|'m convinced)\s+(.+)`,
    (m) => `Believes ${rest(m)}`,
  ),
  rule(
    'preferences',
    String.raw`i (?:really |much |generally |honestly )?(prefer|love|like|enjoy|hate|dislike)\s+(.+)`,
    (m) => `${thirdPerson(m[1]!)} ${rest(m)}`,
  ),
  rule(
    'preferences',
    String.raw`i (?:can't|cannot|can not) stand\s+(.+)`,
    (m) => `Can't stand ${rest(m)}`,
  ),
  rule(
    'preferences',
    String.raw`i (always|never|usually) ([\p{L}]+)\s+(.+)`,
    (m) => `${m[1]} ${thirdPerson(m[2]!)} ${rest(m)}`,
  ),
  rule(
    'preferences',
    `(?:i'm|i am) (allergic to .+|vegetarian|vegan|lactose intolerant)`,
    (m) => `Is ${rest(m)}`,
  ),
  rule('preferences', String.raw`my (favou?rite\s+.+)`, (m) => rest(m)),
  rule(
    'preferences',
    String.raw`(?:i'm|i am) (?:a )?(?:big |huge )?(fan of\s+.+)`,
    (m) => `Is a ${rest(m)}`,
  ),
  // Last: the general self-description ("I'm a nurse", "I'm an engineer based in Belgium").
  rule(
    'identity',
    String.raw`(?:i'm|i am) (an? (?!bit\b|little\b|lot\b|few\b|fan\b|big fan\b)[\p{L}-]+.*)`,
    (m) => `Is ${rest(m)}`,
  ),
];

const DATE =
  /\b(?:\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?: \d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|\d{4}-\d{2}-\d{2})\b/i;
/** A like or dislike of the chat itself ("I like this answer"), not of something in their life. */
const ABOUT_THE_CHAT =
  /^(?:likes|loves|prefers|hates|dislikes|enjoys) (?:this|that|it|these|those|your|the (?:answer|response|idea|first|second|last|other|one|above|previous|option|version|suggestion))\b/i;
const NOT_A_STATEMENT = /\?\s*$|^(?:if|when|what if|suppose|imagine|pretend|let's say)\b/i;

/** The fact a sentence states about its writer, or null. */
export function selfStatement(sentence: string): SelfStatement | null {
  const text = sentence.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  if (text.length < 10 || text.length > 300 || NOT_A_STATEMENT.test(text)) return null;
  for (const { category, pattern, fact: build } of RULES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const fact = stripEnd(capitalise(build(match).trim()));
    if (fact.length < 6 || ABOUT_THE_CHAT.test(fact)) return null;
    return { category: DATE.test(text) ? 'dates' : category, fact };
  }
  return null;
}

/** The date a statement mentions, as written ("12 September 2026"), or null. */
export function statedDate(text: string): string | null {
  return DATE.exec(text)?.[0] ?? null;
}

/**
 * The category of a note that is already about the person ("User is learning Dutch.",
 * "Prefers metric units."), from its wording; identity when nothing more specific fits.
 */
export function classifyNote(note: string): FactCategory {
  const text = note.toLowerCase();
  if (DATE.test(note)) return 'dates';
  if (new RegExp(`\\b(?:${PEOPLE})s?\\b`, 'i').test(text)) return 'relationships';
  if (
    /\b(?:prefer|prefers|likes?|loves?|enjoys?|hates?|dislikes?|favou?rite|vegetarian|vegan|allergic|concise|tone|style|units?|format|grows?|plays?|hobby|hobbies|collects?)\b/.test(
      text,
    )
  )
    return 'preferences';
  if (/\b(?:decided|decision|chose|plans? to|going to)\b/.test(text)) return 'decisions';
  if (/\b(?:believes?|values?|convinced|thinks? that)\b/.test(text)) return 'beliefs';
  if (
    /\b(?:building|working on|project|learning|studying|training|writing|saving for|course)\b/.test(
      text,
    )
  )
    return 'projects';
  return 'identity';
}

/**
 * "User is learning Dutch." → "Is learning Dutch", "I'm vegan." → "Is vegan": the person is
 * always the implied subject.
 */
export function noteAsFact(note: string): string {
  const text = note
    .trim()
    .replace(/[’‘]/g, "'")
    .replace(/^(?:the )?user(?:'s)?\s+/i, '')
    .replace(/^(?:i'm|i am)\s+/i, 'is ')
    .replace(/^(?:i've|i have)\s+/i, 'has ')
    .replace(/^my\s+/i, '');
  return stripEnd(capitalise(text));
}

/** "Ilse Vantongeren, by the way, and…" → "Ilse Vantongeren". */
function nameOnly(text: string): string {
  return text.split(/[,.;!(]| and | but /)[0]!.trim();
}

/** prefer → prefers, fly → flies, watch → watches (the regular forms only). */
function thirdPerson(verb: string): string {
  const lower = verb.toLowerCase();
  if (lower === 'have') return 'has';
  if (/(?:s|sh|ch|x|z|o)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripEnd(text: string): string {
  return text.replace(/[\s.!,;:]+$/, '');
}
