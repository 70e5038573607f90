import { isUnknown, type Soulprint, type SoulprintSection } from './soulprint.js';

/** The profile as markdown for the chat system prompt: one document per section, plus all five. */
export interface ProfileMarkdown {
  soulMd: string;
  identityMd: string;
  userMd: string;
  agentsMd: string;
  toolsMd: string;
  /** The five sections under `##` headings, for the chat prompt. */
  soulprintText: string;
}

type Field = [label: string, value: string | readonly string[]];

const TITLES: Record<SoulprintSection, string> = {
  soul: 'Soul',
  identity: 'Identity',
  user: 'User',
  agents: 'Agents',
  tools: 'Tools',
};

const INTROS: Record<SoulprintSection, string> = {
  soul: 'How this person communicates, and the personality to meet them with.',
  identity: 'Who you are to them.',
  user: 'What you know about them.',
  agents: 'How to behave with them.',
  tools: 'What they use you for, and how to deliver it.',
};

/**
 * Deterministic. Unknown fields ("not enough data", empty lists) are left out; a section with
 * nothing known says so. Every value is flattened to one line and stripped of leading markdown
 * markers, so text that came from a model or an export cannot open a heading or a new block in
 * the chat prompt.
 */
export function renderProfileMarkdown(soulprint: Soulprint): ProfileMarkdown {
  const bodies = {
    soul: body(soulFields(soulprint)),
    identity: body(identityFields(soulprint)),
    user: body(userFields(soulprint)),
    agents: body(agentsFields(soulprint)),
    tools: body(toolsFields(soulprint)),
  } satisfies Record<SoulprintSection, string>;
  const doc = (section: SoulprintSection, level: '#' | '##') =>
    `${level} ${TITLES[section]}\n\n_${INTROS[section]}_\n\n${bodies[section]}\n`;
  return {
    soulMd: doc('soul', '#'),
    identityMd: doc('identity', '#'),
    userMd: doc('user', '#'),
    agentsMd: doc('agents', '#'),
    toolsMd: doc('tools', '#'),
    soulprintText: (['soul', 'identity', 'user', 'agents', 'tools'] as const)
      .map((section) => doc(section, '##'))
      .join('\n'),
  };
}

const soulFields = ({ soul }: Soulprint): Field[] => [
  ['Communication style', soul.communication_style],
  ['Personality traits', soul.personality_traits],
  ['Tone preferences', soul.tone_preferences],
  ['Boundaries', soul.boundaries],
  ['Humor', soul.humor_style],
  ['Formality', soul.formality_level],
  ['Emotional patterns', soul.emotional_patterns],
];

const identityFields = ({ identity }: Soulprint): Field[] => [
  ['Your name', identity.ai_name],
  ['Archetype', identity.archetype],
  ['Vibe', identity.vibe],
  ['Emoji', identity.emoji_style],
  ['Signature greeting', identity.signature_greeting],
];

const userFields = ({ user }: Soulprint): Field[] => [
  ['Name', user.name],
  ['Call them', user.preferred_address],
  ['Location', user.location],
  ['Occupation', user.occupation],
  ['Relationships', user.relationships],
  ['Interests', user.interests],
  ['Life context', user.life_context],
];

const agentsFields = ({ agents }: Soulprint): Field[] => [
  ['Response style', agents.response_style],
  ['Rules', agents.behavioral_rules],
  ['Adapting to context', agents.context_adaptation],
  ['Memory', agents.memory_directives],
  ['Avoid', agents.do_not],
];

const toolsFields = ({ tools }: Soulprint): Field[] => [
  ['Likely uses', tools.likely_usage],
  ['Emphasise', tools.capabilities_emphasis],
  ['Output preferences', tools.output_preferences],
  ['Depth', tools.depth_preference],
];

function body(fields: Field[]): string {
  const lines: string[] = [];
  for (const [label, value] of fields) {
    if (typeof value === 'string') {
      if (!isUnknown(value)) lines.push(`- **${label}:** ${oneLine(value)}`);
    } else if (value.length > 0) {
      lines.push(`- **${label}:**`, ...value.map((item) => `  - ${oneLine(item)}`));
    }
  }
  return lines.length > 0 ? lines.join('\n') : 'Not enough data yet.';
}

/** Whitespace runs that hold a line break become one space (one pass: no backtracking). */
function oneLine(text: string): string {
  return text
    .replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run))
    .replace(/^[#>*\-+\s]+/, '')
    .trim();
}
