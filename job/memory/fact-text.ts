/**
 * Text keys for comparing facts: a normalized form (for exact duplicates and ids), content
 * tokens (for fuzzy duplicates), and the "frame" and "template" of a fact (for conflicts).
 */

const STOPWORDS = new Set(
  `a an the and or but of to in on at for with from by as is are am was were be been being
  has have had do does did their theirs they them his her hers he she it its this that these
  those there here very really just also so some any user person who which what when where
  about into over than then own one`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that end the frame of a fact ("lives in", "favourite band is", "works as"). */
const LINKS = new Set(['is', 'are', 'am', 'was', 'in', 'as', 'at', 'from']);

/** Lower case, no accents or punctuation, single spaces, no "The user"/"User" subject. */
export function normalizeFact(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/'/g, '')
    .trim()
    .replace(/^(?:the )?(?:user|person)(?:s)? /, '');
}

/** Content words, crudely singularised ("likes" = "like"), as a set. */
export function contentTokens(normalized: string): Set<string> {
  const out = new Set<string>();
  for (const word of normalized.split(' ')) {
    if (word.length === 0 || STOPWORDS.has(word)) continue;
    out.add(
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );
  }
  return out;
}

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * What the fact is about, when it has the shape "<subject words> <link> <value>": the content
 * words before the first linking word (not the first word) plus that word. "Lives in Ghent" →
 * "lives in"; "Favourite band is Vorlax" → "favourite band is". Null when there is no such
 * shape (then conflicts are not guessed from it).
 */
export function factFrame(normalized: string): string | null {
  const words = normalized.split(' ');
  for (let i = 1; i < Math.min(words.length - 1, 6); i++) {
    if (!LINKS.has(words[i]!)) continue;
    const subject = words.slice(0, i).filter((w) => !STOPWORDS.has(w));
    return subject.length > 0 ? `${subject.join(' ')} ${words[i]}` : null;
  }
  return null;
}

/**
 * The fact with its names and numbers taken out ("Decided to call the company Zorbin" →
 * "decided call company"): two facts with the same template and different names or numbers
 * say different things about the same thing. Null when fewer than 3 words remain.
 */
export function factTemplate(original: string): string | null {
  const words = original
    .split(/\s+/)
    .filter((word, i) => !(i > 0 && /^\p{Lu}/u.test(word)) && !/\d/.test(word));
  const tokens = [...contentTokens(normalizeFact(words.join(' ')))];
  return tokens.length >= 3 ? tokens.join(' ') : null;
}
