/**
 * What one message from the person shows about how they write, measured with regexes: each
 * signal is a yes/no for the message (rates are then "share of messages"), except the counts.
 * Code blocks are left out of everything but `code` and `languages`.
 */
export interface MessageSignals {
  words: number;
  emoji: number;
  question: boolean;
  exclamation: boolean;
  contraction: boolean;
  casual: boolean;
  greeting: boolean;
  politeness: boolean;
  formal: boolean;
  laughter: boolean;
  howTo: boolean;
  code: boolean;
  /** Programming languages named or used as a fence tag, canonical names. */
  languages: string[];
  /** The prose, code blocks removed and apostrophes straightened, for statements. */
  prose: string;
  /** `prose` in lower case, for keywords and usage. */
  lower: string;
}

const FENCE = /```([A-Za-z0-9+#-]*)[^\n]*\n[\s\S]*?(?:```|$)/g;
const CODE_LINE =
  /^\s*(?:def |function |const |let |var |import |from \S+ import |class \w+|#include|public |private |SELECT |INSERT |return |if \(|for \()/im;
/** Pictographs, not the ©/®/™/‼ that share the property. */
const EMOJI = /(?![\u00A9\u00AE\u203C\u2049\u2122])\p{Extended_Pictographic}/gu;
// The patterns below are matched against the lower-cased prose, so they need no `i` flag.
const CONTRACTION =
  /\b(?:\w+n't|i'm|i've|i'll|i'd|you're|you've|you'll|you'd|we're|we've|they're|it's|that's|what's|there's|here's|let's|who's)\b/;
const CASUAL =
  /\b(?:lol|lmao|omg|btw|tbh|idk|imo|imho|gonna|wanna|gotta|kinda|sorta|yeah|yep|nope|dude|pls|plz|thx|ty|ok|okay|cool|awesome)\b/;
const GREETING = /^\s*(?:hi|hey|hello|hiya|yo|good (?:morning|afternoon|evening)|dear)\b/;
const POLITENESS = /\b(?:please|thanks|thank you|cheers|appreciate it|much appreciated)\b/;
const FORMAL =
  /\b(?:dear|regards|sincerely|kindly|would you be so kind|i would like to|could you please|would you please|furthermore|moreover|therefore|hence|thus|whereas|in addition|nevertheless)\b/;
const LAUGHTER =
  /\b(?:lol|lmao|rofl|ha(?:ha)+|he(?:he)+)\b|😂|🤣|😆|😄|😅|(?:^|\s)[:;]-?[)d](?=\s|$)/;
const HOW_TO =
  /\b(?:how (?:do|can|should|would) (?:i|we)|how to|step[- ]by[- ]step|what(?:'s| is) the best way|walk me through)\b/;

const LANGUAGE_NAMES: ReadonlyArray<[string, RegExp]> = [
  ['Python', /\b(?:python|pandas|numpy|django|flask|pip install)\b/],
  ['JavaScript', /\b(?:javascript|node\.?js|npm|react|vue|jquery)\b/],
  ['TypeScript', /\b(?:typescript|tsconfig)\b/],
  ['Java', /\bjava\b(?!\s*script)/],
  ['C#', /(?:\bc#|\.net\b|\bdotnet\b)/],
  ['C++', /\bc\+\+/],
  ['Go', /\bgolang\b/],
  ['Rust', /\b(?:rust(?:lang)?|cargo\.toml)\b/],
  ['Ruby', /\b(?:ruby|rails)\b/],
  ['PHP', /\b(?:php|laravel)\b/],
  ['Swift', /\b(?:swiftui|swift code|in swift)\b/],
  ['Kotlin', /\bkotlin\b/],
  ['SQL', /\b(?:sql|postgres(?:ql)?|mysql|sqlite)\b/],
  ['Shell', /\b(?:bash|zsh|shell script|powershell)\b/],
  ['HTML/CSS', /\b(?:html|css|tailwind)\b/],
  ['R', /\b(?:rstudio|ggplot2?|tidyverse)\b/],
  ['Excel formulas', /\b(?:excel formula|vlookup|xlookup|google sheets formula)\b/],
];

/** One pass that rules out most messages before the per-language patterns run. */
const ANY_LANGUAGE =
  /python|pandas|numpy|django|flask|pip install|java|node|npm|react|vue|jquery|typescript|tsconfig|c#|\.net|dotnet|c\+\+|golang|rust|cargo|ruby|rails|php|laravel|swift|kotlin|sql|postgres|bash|zsh|shell|html|css|tailwind|rstudio|ggplot|tidyverse|excel|vlookup|xlookup|sheets/;

const FENCE_TAGS: Record<string, string> = {
  py: 'Python',
  python: 'Python',
  js: 'JavaScript',
  javascript: 'JavaScript',
  jsx: 'JavaScript',
  ts: 'TypeScript',
  tsx: 'TypeScript',
  typescript: 'TypeScript',
  java: 'Java',
  cs: 'C#',
  csharp: 'C#',
  cpp: 'C++',
  'c++': 'C++',
  go: 'Go',
  rust: 'Rust',
  rs: 'Rust',
  ruby: 'Ruby',
  rb: 'Ruby',
  php: 'PHP',
  swift: 'Swift',
  kotlin: 'Kotlin',
  sql: 'SQL',
  bash: 'Shell',
  sh: 'Shell',
  shell: 'Shell',
  zsh: 'Shell',
  powershell: 'Shell',
  html: 'HTML/CSS',
  css: 'HTML/CSS',
  r: 'R',
};

/** Only the first part of a very long message is measured: long pastes are not the person's voice. */
export const MAX_MEASURED_CHARS = 4_000;

export function measureMessage(text: string): MessageSignals {
  const head = text.length > MAX_MEASURED_CHARS ? text.slice(0, MAX_MEASURED_CHARS) : text;
  const normalized = head.replace(/[\u2018\u2019\u02BC]/g, "'");
  const languages = new Set<string>();
  let code = false;
  const prose = !normalized.includes('```')
    ? normalized
    : normalized.replace(FENCE, (_block, tag: string) => {
        code = true;
        const language = FENCE_TAGS[tag.toLowerCase()];
        if (language) languages.add(language);
        return ' ';
      });
  const lower = prose.toLowerCase();
  if (!code && CODE_LINE.test(prose)) code = true;
  if (ANY_LANGUAGE.test(lower))
    for (const [name, pattern] of LANGUAGE_NAMES) if (pattern.test(lower)) languages.add(name);
  const words = countWords(prose);
  return {
    words,
    emoji: countEmoji(prose),
    question: prose.includes('?'),
    exclamation: /!(?!=)/.test(prose),
    contraction: lower.includes("'") && CONTRACTION.test(lower),
    casual: CASUAL.test(lower) || /^\s*[a-z]/.test(prose),
    greeting: GREETING.test(lower),
    politeness: POLITENESS.test(lower),
    formal: FORMAL.test(lower),
    laughter: LAUGHTER.test(lower),
    howTo: HOW_TO.test(lower),
    code,
    languages: languages.size === 0 ? [] : [...languages].sort(),
    prose,
    lower,
  };
}

/** Emoji in the text; the regex runs only when a character outside Latin-1 is present. */
function countEmoji(text: string): number {
  if (!/[^\x20-\xff\s]/.test(text)) return 0;
  return text.match(EMOJI)?.length ?? 0;
}

/** Runs of non-space characters, counted without allocating. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13) || code === 160;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
