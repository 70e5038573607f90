import { avoidance } from './account-facts.js';
import type { OfflineContext } from './offline-profile.js';
import { clip } from './profile-text.js';
import { NOT_ENOUGH_DATA } from './soulprint.js';
import { TOPIC_LABELS } from './topic-lexicon.js';
import { USAGE_BY_KIND } from './usage-kinds.js';

/** The offline `agents` and `tools` sections: how the companion should answer this person. */

const MAX_RULES = 7;
const BRIEF = /\b(?:concise|brief|short|to the point|no fluff|succinct)\b/i;
const DEEP = /\b(?:detailed|in-depth|thorough|in depth|comprehensive)\b/i;

export function agentsSection(ctx: OfflineContext) {
  const { style, account } = ctx;
  const lengthAdvice = !style.known
    ? null
    : style.length === 'short'
      ? `Short, direct answers (their own messages are about ${style.medianWords} words); expand only when asked.`
      : style.length === 'long'
        ? 'Thorough answers that engage with the detail they give.'
        : 'Focused answers: the point first, then only the detail that helps.';
  const asked = account.aboutModel ? `They asked: "${clip(account.aboutModel, 300)}"` : null;
  const responseStyle = [asked, lengthAdvice].filter(Boolean).join(' ');

  const rules = [
    ...account.requests.map((s) => clip(s, 160)),
    ...account.prohibitions.map((s) => clip(s, 160)),
    ...account.notes
      .map((n) => /^prefers?\s+(.+?)\.?$/i.exec(n)?.[1])
      .filter((what): what is string => what !== undefined)
      .map((what) => `Remember they prefer ${what}.`),
  ].slice(0, MAX_RULES - 3);
  rules.push(
    'Use what they have shared (names, places, plans) naturally, without asking again.',
    'Say so plainly when unsure instead of guessing.',
  );
  if (style.known)
    rules.push(
      `Match their ${style.formality} register${style.emojiStyle === 'none' ? ' and leave out emoji' : ''}.`,
    );
  else rules.push('Ask a little about them before assuming anything.');

  return {
    response_style: responseStyle || NOT_ENOUGH_DATA,
    behavioral_rules: rules.slice(0, MAX_RULES),
    context_adaptation: contextAdaptation(ctx),
    memory_directives: memoryDirectives(ctx),
    do_not: account.prohibitions.map(avoidance).slice(0, 8),
  };
}

function contextAdaptation({ style, topics, evidence }: OfflineContext): string {
  if (!style.known) return NOT_ENOUGH_DATA;
  const labels = topics.slice(0, 3).map((key) => TOPIC_LABELS.get(key) ?? key);
  const precise =
    style.technical || style.practical || evidence.usage.some((u) => u.name === 'how-to')
      ? 'For practical and technical questions, lead with the steps or the code.'
      : 'For practical questions, lead with the answer.';
  const about =
    labels.length > 0 ? ` They come back to ${joinList(labels)}: build on what came before.` : '';
  return `${precise} For personal topics, slow down and ask before advising.${about}`;
}

function memoryDirectives({ facts }: OfflineContext): string {
  const items = [
    ...facts.relationships.slice(0, 6),
    facts.location ? `lives in ${facts.location}` : null,
    facts.occupation ? `works as ${article(facts.occupation)}` : null,
    ...facts.projects.slice(0, 2),
    ...facts.learning.slice(0, 2).map((what) => `learning ${what}`),
  ].filter((item): item is string => item !== null);
  return items.length > 0
    ? `Keep in mind and bring up when relevant: ${items.join('; ')}.`
    : NOT_ENOUGH_DATA;
}

export function toolsSection(ctx: OfflineContext) {
  const { evidence, account, style } = ctx;
  const threshold = Math.max(evidence.conversations < 5 ? 1 : 2, evidence.conversations * 0.1);
  const kinds = evidence.usage.filter((u) => u.count >= threshold).map((u) => u.name);
  const languages = evidence.languages
    .filter((l) => l.count >= Math.min(2, threshold))
    .map((l) => l.key);
  const likely = kinds.map((kind) => USAGE_BY_KIND.get(kind)!.usage);
  const capabilities = kinds.map((kind) => USAGE_BY_KIND.get(kind)!.capability);
  if (languages.length > 0) {
    likely.push(`coding in ${joinList(languages.slice(0, 4))}`);
    capabilities.push(`code examples in ${joinList(languages.slice(0, 4))}`);
  }
  const stated = [account.aboutModel ?? '', ...account.notes].join(' ');
  const formatting = [...account.requests, ...account.notes.filter((n) => /^prefers?\b/i.test(n))];
  return {
    likely_usage: likely.slice(0, 8),
    capabilities_emphasis: capabilities.slice(0, 8),
    output_preferences: formatting.length > 0 ? clip(formatting.join(' '), 400) : NOT_ENOUGH_DATA,
    depth_preference: BRIEF.test(stated)
      ? 'brief: they asked for concise answers'
      : DEEP.test(stated)
        ? 'in-depth: they asked for detail'
        : !style.known
          ? NOT_ENOUGH_DATA
          : style.length === 'short'
            ? 'brief, expanding on request'
            : style.length === 'long'
              ? 'in-depth'
              : 'moderate',
  };
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
