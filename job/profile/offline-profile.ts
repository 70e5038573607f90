import type { AccountContext } from '../export/types.js';
import { type AccountFacts, accountFacts } from './account-facts.js';
import { pickAiName, pickArchetype } from './ai-name.js';
import { type KnownFacts, knownFacts } from './known-facts.js';
import { agentsSection, toolsSection } from './offline-guidance.js';
import { evidenceFrom, type ProfileEvidence } from './profile-evidence.js';
import { capitalize, clip } from './profile-text.js';
import type { SampledConversation } from './quick-sample.js';
import { NOT_ENOUGH_DATA, type Soulprint, soulprintSchema } from './soulprint.js';
import { TOPIC_LABELS, topicsInText } from './topic-lexicon.js';
import { percent, type WritingStyle, writingStyle } from './writing-style.js';

export interface OfflineProfileInput {
  /** Used to gather evidence when `evidence` is not given. */
  sample?: readonly SampledConversation[];
  /** Gathered over all conversations by ProfileEvidenceCollector (better than the sample). */
  evidence?: ProfileEvidence;
  account: AccountContext | null;
  /** Further notes about the person, e.g. the MEMORY facts for the v2 profile. */
  extraNotes?: readonly string[];
}

/** What the offline builders share. */
export interface OfflineContext {
  evidence: ProfileEvidence;
  account: AccountFacts;
  facts: KnownFacts;
  style: WritingStyle;
  /** Topic keys, strongest first: the account's, then those of several conversations. */
  topics: string[];
}

const MAX_LIFE_CONTEXT = 1_200;

/**
 * The profile without a model: deterministic, milliseconds, from evidence it can compute
 * (custom instructions, saved memory, self-statements, rates of emoji, questions, formality,
 * message length, topics, code). What it cannot know says NOT_ENOUGH_DATA.
 */
export function buildOfflineProfile(input: OfflineProfileInput): Soulprint {
  const evidence = input.evidence ?? evidenceFrom(input.sample ?? []);
  const account = accountFacts(input.account, input.extraNotes);
  const ctx: OfflineContext = {
    evidence,
    account,
    facts: knownFacts(evidence.statements, account),
    style: writingStyle(evidence),
    topics: rankedTopics(evidence, account),
  };
  return soulprintSchema.parse({
    soul: soulSection(ctx),
    identity: identitySection(ctx),
    user: userSection(ctx),
    agents: agentsSection(ctx),
    tools: toolsSection(ctx),
  });
}

function rankedTopics(evidence: ProfileEvidence, account: AccountFacts): string[] {
  const fromAccount = topicsInText(
    [account.aboutUser ?? '', ...account.notes, ...account.extraNotes].join('\n'),
  );
  const threshold = evidence.conversations < 5 ? 1 : 2;
  const fromChats = evidence.topics.filter((t) => t.count >= threshold).map((t) => t.key);
  return [
    ...new Set([...fromChats.filter((t) => fromAccount.has(t)), ...fromAccount, ...fromChats]),
  ];
}

function soulSection({ style, evidence, account }: OfflineContext) {
  const r = evidence.rates;
  return {
    communication_style: style.known ? communicationStyle(style, evidence) : NOT_ENOUGH_DATA,
    personality_traits: style.known ? traits(style, account) : [],
    tone_preferences: account.aboutModel
      ? `As they asked: ${clip(account.aboutModel, 400)}`
      : style.known
        ? `${capitalize(style.formality)} and plain, like their own messages.`
        : NOT_ENOUGH_DATA,
    boundaries:
      account.prohibitions.length > 0 ? clip(account.prohibitions.join(' '), 400) : NOT_ENOUGH_DATA,
    humor_style: style.playful
      ? `Light and playful: laughs or jokes in ${percent(r.laughter)} of their messages.`
      : NOT_ENOUGH_DATA,
    formality_level: style.known ? formalityLevel(style, evidence) : NOT_ENOUGH_DATA,
    emotional_patterns: NOT_ENOUGH_DATA,
  };
}

function communicationStyle(style: WritingStyle, evidence: ProfileEvidence): string {
  const r = evidence.rates;
  const parts = [
    `Writes ${style.length === 'medium' ? 'medium-length' : style.length} messages (about ${style.medianWords} words)`,
    r.question >= 0.5
      ? 'asks a question in most of them'
      : r.question >= 0.2
        ? 'asks questions now and then'
        : 'mostly states things rather than asks',
    `${style.formality} in tone`,
    style.emojiStyle === 'none' ? 'no emoji' : `${style.emojiStyle} emoji`,
  ];
  if (style.technical) parts.push('often shares or asks for code');
  return `${capitalize(parts.join(', '))}.`;
}

function traits(style: WritingStyle, account: AccountFacts): string[] {
  const about = `${account.aboutUser ?? ''} ${account.notes.join(' ')}`;
  const out = [
    style.inquisitive ? 'inquisitive' : style.direct ? 'direct' : 'thoughtful',
    style.length === 'short' ? 'concise' : style.length === 'long' ? 'thorough' : 'focused',
    style.expressive ? 'expressive' : 'even-tempered',
  ];
  if (style.practical || /\bpractical|hands-on\b/i.test(about)) out.push('practical');
  if (style.technical) out.push('technical');
  if (style.playful) out.push('playful');
  if (style.polite) out.push('courteous');
  if (/\blearning\b/i.test(about)) out.push('eager to learn');
  return out.slice(0, 7);
}

function formalityLevel(style: WritingStyle, evidence: ProfileEvidence): string {
  const r = evidence.rates;
  return `${style.formality} (contractions in ${percent(r.contraction)} of messages, exclamations in ${percent(r.exclamation)}, greetings in ${percent(r.greeting)})`;
}

function identitySection(ctx: OfflineContext) {
  const { style, facts, topics } = ctx;
  const aiName = pickAiName({ personName: facts.name, topics, location: facts.location });
  const tone = style.expressive
    ? 'Warm and upbeat'
    : style.formality === 'casual'
      ? 'Relaxed'
      : style.formality === 'formal'
        ? 'Composed'
        : 'Calm';
  const manner = style.technical ? 'precise' : style.practical ? 'practical' : 'thoughtful';
  const pace =
    style.length === 'short'
      ? 'to the point'
      : style.length === 'long'
        ? 'happy to go deep'
        : 'clear';
  return {
    ai_name: aiName,
    archetype: pickArchetype(topics, style),
    vibe: `${tone}, ${manner} and ${pace}`,
    emoji_style: style.emojiStyle,
    signature_greeting: greeting(style, facts.address),
  };
}

function greeting(style: WritingStyle, address: string | null): string {
  const to = address ? ` ${address}` : '';
  const text =
    style.formality === 'casual'
      ? `Hey${to}! What's up?`
      : style.formality === 'formal'
        ? `Hello${to}. How can I help today?`
        : `Hi${to}, what's on your mind today?`;
  return style.emojiStyle === 'heavy' || style.emojiStyle === 'moderate' ? `${text} 👋` : text;
}

function userSection(ctx: OfflineContext) {
  const { facts } = ctx;
  return {
    name: facts.name ?? NOT_ENOUGH_DATA,
    location: facts.location ?? NOT_ENOUGH_DATA,
    occupation: facts.occupation ?? NOT_ENOUGH_DATA,
    relationships: facts.relationships,
    interests: interests(ctx),
    life_context: lifeContext(ctx),
    preferred_address: facts.address ?? NOT_ENOUGH_DATA,
  };
}

function interests({ topics, facts, evidence }: OfflineContext): string[] {
  const out = [
    ...facts.learning.map((what) => `learning ${what}`),
    ...topics.map((key) => TOPIC_LABELS.get(key) ?? key),
  ];
  if (out.length === 0)
    out.push(
      ...evidence.keywords
        .filter((k) => k.count >= 3)
        .slice(0, 5)
        .map((k) => k.key),
    );
  return out.slice(0, 10);
}

function lifeContext({ account, facts }: OfflineContext): string {
  const parts: string[] = [];
  if (account.aboutUser) parts.push(`In their own words: "${clip(account.aboutUser, 400)}"`);
  if (account.notes.length > 0) parts.push(`ChatGPT had noted: ${asList(account.notes)}.`);
  for (const project of facts.projects.slice(0, 3)) parts.push(`${capitalize(project)}.`);
  for (const decision of facts.decisions.slice(0, 3)) parts.push(`Has ${decision}.`);
  if (account.extraNotes.length > 0)
    parts.push(`From their conversations: ${asList(account.extraNotes)}.`);
  if (facts.origin && facts.origin !== facts.location)
    parts.push(`Originally from ${facts.origin}.`);
  return parts.length > 0 ? clip(parts.join(' '), MAX_LIFE_CONTEXT) : NOT_ENOUGH_DATA;
}

/** Notes joined into one sentence: "prefers metric units; is learning Dutch". */
function asList(notes: readonly string[]): string {
  return notes
    .map((note) => note.replace(/\.$/, ''))
    .map((note) =>
      /^\p{Lu}\p{Ll}/u.test(note) ? note.charAt(0).toLowerCase() + note.slice(1) : note,
    )
    .join('; ');
}
