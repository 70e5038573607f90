import type { AccountContext } from '../export/types.js';
import { findSelfStatements, type SelfStatement, toFirstPerson } from './self-statements.js';

/**
 * What the account context says, in the shapes the offline profile uses: the person's custom
 * instructions, ChatGPT's saved notes about them (snapshot and memory writes, deduplicated),
 * and the self-statements found in both. The strongest evidence there is.
 */
export interface AccountFacts {
  aboutUser: string | null;
  aboutModel: string | null;
  /** Saved notes, oldest first, without the "User …" opening ("Prefers metric units."). */
  notes: string[];
  /** Facts from elsewhere (the v2's MEMORY), in the same form. */
  extraNotes: string[];
  statements: SelfStatement[];
  /** Sentences of aboutModel and notes that rule something out ("Skip the pep talk."). */
  prohibitions: string[];
  /** Sentences of aboutModel that ask for something. */
  requests: string[];
}

const MAX_NOTES = 40;
const MAX_EXTRA_NOTES = 30;
const PROHIBITION =
  /^(?:don't|do not|never|no |avoid|skip|stop|without|please don't|please do not)/i;

export function accountFacts(account: AccountContext | null, extraNotes: readonly string[] = []) {
  const aboutUser = account?.customInstructions?.aboutUser?.trim() || null;
  const aboutModel = account?.customInstructions?.aboutModel?.trim() || null;
  const seen = new Set<string>();
  const rawNotes = distinct(
    [
      ...(account?.memorySnapshot.map((entry) => entry.text) ?? []),
      ...(account?.memoryWrites ?? []),
    ],
    seen,
    MAX_NOTES,
  );
  const rawExtra = distinct(extraNotes, seen, MAX_EXTRA_NOTES);
  const statements = [
    ...(aboutUser ? findSelfStatements(aboutUser) : []),
    ...[...rawNotes, ...rawExtra].flatMap((note) => findSelfStatements(toFirstPerson(note))),
  ];
  const modelSentences = aboutModel ? sentences(aboutModel) : [];
  const prohibitions = modelSentences.filter((s) => PROHIBITION.test(s));
  for (const note of rawNotes) {
    const without = /\bwithout ([^.;]{3,60})/i.exec(note)?.[1];
    if (without && /\bprefers?\b/i.test(note)) prohibitions.push(`Avoid ${without.trim()}.`);
  }
  return {
    aboutUser,
    aboutModel,
    notes: rawNotes.map(withoutUserOpening),
    extraNotes: rawExtra.map(withoutUserOpening),
    statements,
    prohibitions: dedupe(prohibitions, (item) => avoidance(item).toLowerCase()),
    requests: modelSentences.filter((s) => !PROHIBITION.test(s)),
  } satisfies AccountFacts;
}

/** "User prefers metric units." → "Prefers metric units." */
export function withoutUserOpening(note: string): string {
  const stripped = note.replace(/^\s*(?:the\s+)?user(?:'s)?\s+/i, (opening) =>
    /'s/i.test(opening) ? 'Their ' : '',
  );
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

/** Splits prose into sentences (., !, ? or line breaks), trimmed, none empty. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().replace(/^[-*•]\s*/, ''))
    .filter((s) => s.length > 1);
}

function distinct(texts: readonly string[], seen: Set<string>, max: number): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const key = text.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text.trim());
    if (out.length >= max) break;
  }
  return out;
}

/** What a prohibition rules out: "Skip the pep talk." → "pep talk". */
export function avoidance(sentence: string): string {
  return sentence
    .replace(/^(?:please\s+)?(?:don't|do not|never|avoid|skip|stop|no|without)\s+/i, '')
    .replace(/^(?:the|a|an|any)\s+/i, '')
    .replace(/[.!]+$/, '')
    .trim();
}

function dedupe(items: string[], keyOf: (item: string) => string): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
