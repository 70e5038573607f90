import type { FactCategory } from '../../core/db/index.js';

/** What MEMORY needs of a fact (an ExtractedFact or a saved row both fit). */
export interface MemoryFact {
  category: FactCategory;
  fact: string;
  /** The date the fact is about, as stated. */
  date: string | null;
}

/** The sections in order: heading and the category it lists. */
export const MEMORY_SECTIONS: ReadonlyArray<{ heading: string; category: FactCategory }> = [
  { heading: 'Preferences', category: 'preferences' },
  { heading: 'Projects', category: 'projects' },
  { heading: 'Important Dates', category: 'dates' },
  { heading: 'Beliefs & Values', category: 'beliefs' },
  { heading: 'Decisions & Context', category: 'decisions' },
  { heading: 'People', category: 'relationships' },
];

export interface RenderMemoryOptions {
  /** Facts listed per section at most (the rest stay in learned_facts). Default 30. */
  maxPerSection?: number;
  /** Identity facts in the "About" line at most. Default 8. */
  maxAbout?: number;
}

const EMPTY = '- Nothing learned yet.';

/**
 * The MEMORY document: an "About:" line with the identity facts (name, home, work), then the
 * six sections with these headings: Preferences, Projects, Important Dates, Beliefs & Values,
 * Decisions & Context, People. Facts keep the order given (consolidation's: newest first).
 * Every fact is one line: newlines and markdown that could forge a heading are neutralised,
 * since the text comes from chats.
 */
export function renderMemory(
  facts: readonly MemoryFact[],
  options: RenderMemoryOptions = {},
): string {
  const maxPerSection = options.maxPerSection ?? 30;
  const maxAbout = options.maxAbout ?? 8;
  const lines = ['# Memory', ''];
  const identity = facts.filter((f) => f.category === 'identity');
  // The name first, then the rest in the order given.
  const about = [
    ...identity.filter((f) => f.fact.startsWith('Name:')),
    ...identity.filter((f) => !f.fact.startsWith('Name:')),
  ].slice(0, maxAbout);
  lines.push(
    about.length > 0
      ? `About: ${about.map((f) => inline(f.fact).replace(/[.;]+$/, '')).join('; ')}.`
      : 'About: not enough data yet.',
  );
  for (const { heading, category } of MEMORY_SECTIONS) {
    const listed = facts.filter((f) => f.category === category);
    lines.push('', `## ${heading}`, '');
    if (listed.length === 0) lines.push(EMPTY);
    for (const fact of listed.slice(0, maxPerSection)) lines.push(`- ${bullet(fact)}`);
    if (listed.length > maxPerSection) {
      lines.push(`- (${listed.length - maxPerSection} more in the saved facts)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function bullet(fact: MemoryFact): string {
  const text = inline(fact.fact);
  if (!fact.date) return text;
  const date = inline(fact.date);
  return text.toLowerCase().includes(date.toLowerCase()) ? text : `${text} (${date})`;
}

/** One line of plain text: no line breaks, no leading markdown block syntax. */
function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[#>*+-]|\d+[.)])+\s*/, '');
}
