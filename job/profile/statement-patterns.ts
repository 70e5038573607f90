import type { StatementKind } from './self-statements.js';

/**
 * The regexes behind self-statements.ts. Lead phrases are case-insensitive; what they capture
 * (the tail of the sentence) is checked in code, where capitalisation can be required.
 */

const TAIL = String.raw`([^\n]{1,100})`;
export const OCCUPATIONS =
  'engineer|developer|programmer|designer|teacher|professor|lecturer|nurse|doctor|physician|surgeon|dentist|pharmacist|therapist|psychologist|chef|cook|baker|writer|author|journalist|editor|manager|student|lawyer|attorney|accountant|analyst|scientist|researcher|architect|photographer|musician|artist|consultant|entrepreneur|founder|freelancer|electrician|plumber|carpenter|mechanic|pilot|farmer|librarian|translator|marketer|recruiter|paramedic|firefighter|veterinarian|economist|biologist|chemist|physicist|mathematician|statistician|technician|administrator|secretary|cashier|barista|bartender|driver|caregiver|trainer|tutor|intern|specialist|director|owner|ceo|cto|retiree|pastor|officer|midwife|illustrator|animator|producer|planner|coordinator|strategist|advisor|adviser|broker|banker|auditor|surveyor|paralegal|clerk|tailor|florist|gardener|landscaper|welder|machinist|contractor';
const RELATIONS =
  'best friend|wife|husband|partner|boyfriend|girlfriend|fiancée|fiancee|fiancé|fiance|spouse|sister|brother|stepson|stepdaughter|son|daughter|mother|mom|mum|father|dad|grandmother|grandma|grandfather|grandpa|aunt|uncle|cousin|niece|nephew|friend|roommate|flatmate|housemate|colleague|coworker|co-worker|boss|dog|cat|puppy|kitten|rabbit|bunny|hamster|parrot|horse|kid|baby|toddler|child';

export type PatternKind = StatementKind | 'introduction' | 'pet';

/**
 * Each pattern with the lower-case words that must appear for it to match at all: most
 * messages contain none of them, and the cheap `includes` check spares the regex.
 */
export const PATTERNS: ReadonlyArray<[PatternKind, readonly string[], RegExp]> = [
  ['name', ['my name'], new RegExp(String.raw`\bmy name(?:\s+is|'s)\s+${TAIL}`, 'giu')],
  [
    'address',
    ['call me'],
    new RegExp(String.raw`\b(?:please\s+|just\s+)?call me\s+${TAIL}`, 'giu'),
  ],
  [
    'introduction',
    ["i'm ", 'i am '],
    new RegExp(
      String.raw`(?:^|[.!?]\s+|\b(?:hi|hello|hey)(?:\s+there)?[,!]?\s+)(?:I'm|I am)\s+${TAIL}`,
      'giu',
    ),
  ],
  [
    'location',
    ['live in', 'living in', 'moved to', 'located in', 'based '],
    new RegExp(
      String.raw`\b(?:I live in|I'm living in|I am living in|we live in|I moved to|we moved to|I've moved to|I just moved to|I recently moved to|I'm located in|I am located in|(?:I'm|I am|we're|we are)\b[^.!?\n]{0,40}?\bbased (?:in|out of))\s+(?:the\s+)?${TAIL}`,
      'giu',
    ),
  ],
  [
    'origin',
    [' from '],
    new RegExp(
      String.raw`\b(?:I'm|I am|I come)\s+(?:originally\s+)?from\s+(?:the\s+)?${TAIL}`,
      'giu',
    ),
  ],
  ['occupation', ['work as'], new RegExp(String.raw`\bI work as\s+(?:an?\s+)?${TAIL}`, 'giu')],
  [
    'occupation',
    ["i'm a", 'i am a', 'been a', 'working as'],
    new RegExp(
      String.raw`\b(?:I'm|I am|I've been|I have been)\s+(?:an?|working as an?)\s+((?:[\p{L}-]+\s+){0,2}?(?:${OCCUPATIONS}))\b`,
      'giu',
    ),
  ],
  [
    'relationship',
    ['my ', 'our '],
    new RegExp(
      String.raw`\b(?:my|our)\s+(${RELATIONS})(?:\s*,\s*|\s+(?:is\s+)?(?:named|called)\s+|\s+is\s+|\s+)${TAIL}`,
      'giu',
    ),
  ],
  [
    'pet',
    ['named ', 'called '],
    new RegExp(
      String.raw`\b(?:I|we)\s+(?:have|got)\s+an?\s+(dog|cat|puppy|kitten|rabbit|bunny|hamster|parrot|horse)\s+(?:named|called)\s+${TAIL}`,
      'giu',
    ),
  ],
  [
    'project',
    ['building', 'making', 'developing', 'creating', 'writing', 'working on', 'designing'],
    new RegExp(
      String.raw`\b(?:I'm|I am|we're|we are)\s+(?:currently\s+)?(?:building|making|developing|creating|writing|working on|designing)\s+${TAIL}`,
      'giu',
    ),
  ],
  [
    'learning',
    ['learning', 'studying', 'practis', 'practic'],
    new RegExp(
      String.raw`\b(?:I'm|I am)\s+(?:\p{L}+ly\s+)?(?:learning|studying|practising|practicing)\s+(to\s+)?${TAIL}`,
      'giu',
    ),
  ],
  [
    'decision',
    ['decided'],
    new RegExp(String.raw`\bI(?:'ve|\s+have)\s+(?:finally\s+)?decided\s+to\s+${TAIL}`, 'giu'),
  ],
];

/**
 * One pass over the text finds where any hint occurs; at each such place every pattern whose
 * hint starts there is marked (hints may overlap, like "i'm " and "i'm a").
 */
const TRIGGERS = new RegExp(
  [...new Set(PATTERNS.flatMap(([, hints]) => hints))].map(escapeRegExp).join('|'),
  'g',
);

export function triggeredPatterns(lower: string): Set<number> {
  const found = new Set<number>();
  TRIGGERS.lastIndex = 0;
  for (let match = TRIGGERS.exec(lower); match !== null; match = TRIGGERS.exec(lower)) {
    const at = match.index;
    PATTERNS.forEach(([, hints], index) => {
      if (hints.some((hint) => lower.startsWith(hint, at))) found.add(index);
    });
    TRIGGERS.lastIndex = at + 1;
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
