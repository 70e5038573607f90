import { z } from 'zod';
import { isGenericAiName } from './generic-ai-names.js';

export { GENERIC_AI_NAMES, isGenericAiName } from './generic-ai-names.js';

/**
 * The profile ("soulprint"): the five sections of ORIGINAL-SYSTEM.md with their exact field
 * names. The schema checks a model's answer and normalises the small slips that do not need
 * another call: blank or "unknown" strings become NOT_ENOUGH_DATA, a missing field counts as
 * unknown, list items are trimmed and deduplicated, lists longer than allowed are cut, the
 * emoji style is lower-cased. What it refuses (one correction via completeJson): a section
 * missing, a wrong type, fewer than 3 behavioural rules, 1–2 personality traits, a generic or
 * missing AI name, an archetype that is not 2–4 words.
 */

export const NOT_ENOUGH_DATA = 'not enough data';

export const EMOJI_STYLES = ['none', 'minimal', 'moderate', 'heavy'] as const;
export type EmojiStyle = (typeof EMOJI_STYLES)[number];

const UNKNOWN_WORDING =
  /^(?:unknown|n\/?a|none given|not (?:enough data|specified|mentioned|known|available|stated))\.?$/i;

function toText(value: unknown): unknown {
  if (value === undefined || value === null) return NOT_ENOUGH_DATA;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' || UNKNOWN_WORDING.test(trimmed) ? NOT_ENOUGH_DATA : trimmed;
}

/** A string field; unknown says NOT_ENOUGH_DATA. */
const text = z.preprocess(toText, z.string());

function toList(max: number) {
  return (value: unknown): unknown => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return value;
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const item of value) {
      if (typeof item !== 'string') {
        out.push(item);
        continue;
      }
      const trimmed = item.trim();
      const key = trimmed.toLowerCase();
      if (trimmed === '' || UNKNOWN_WORDING.test(trimmed) || seen.has(key)) continue;
      seen.add(key);
      out.push(trimmed);
    }
    return out.slice(0, max);
  };
}

/** A list field; unknown is empty. Longer lists are cut to `max` rather than refused. */
const list = (max = 12) => z.preprocess(toList(max), z.array(z.string()));

const aiName = z
  .string()
  .trim()
  .min(2, 'ai_name must be a name of 2–40 characters')
  .max(40, 'ai_name must be a name of 2–40 characters')
  .refine((name) => name.toLowerCase() !== NOT_ENOUGH_DATA && !isGenericAiName(name), {
    message:
      'ai_name is generic; invent a creative, personal name (not Assistant, Helper, Bot, AI, ChatGPT, Claude, Companion or similar)',
  });

const archetype = z
  .string()
  .trim()
  .refine(
    (value) => {
      const words = value.split(/\s+/).filter(Boolean).length;
      return words >= 2 && words <= 4;
    },
    { message: 'archetype must be 2–4 words' },
  );

const emojiStyle = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(EMOJI_STYLES),
);

export const soulSchema = z.object({
  communication_style: text,
  personality_traits: list(7).refine((traits) => traits.length === 0 || traits.length >= 3, {
    message: 'personality_traits needs 3–7 traits (or [] when there is not enough data)',
  }),
  tone_preferences: text,
  boundaries: text,
  humor_style: text,
  formality_level: text,
  emotional_patterns: text,
});

export const identitySchema = z.object({
  ai_name: aiName,
  archetype,
  vibe: text,
  emoji_style: emojiStyle,
  signature_greeting: text,
});

export const userSchema = z.object({
  name: text,
  location: text,
  occupation: text,
  relationships: list(),
  interests: list(),
  life_context: text,
  preferred_address: text,
});

export const agentsSchema = z.object({
  response_style: text,
  behavioral_rules: list(7).refine((rules) => rules.length >= 3, {
    message: 'behavioral_rules needs 3–7 rules',
  }),
  context_adaptation: text,
  memory_directives: text,
  do_not: list(),
});

export const toolsSchema = z.object({
  likely_usage: list(),
  capabilities_emphasis: list(),
  output_preferences: text,
  depth_preference: text,
});

export const soulprintSchema = z.object({
  soul: soulSchema,
  identity: identitySchema,
  user: userSchema,
  agents: agentsSchema,
  tools: toolsSchema,
});

export type Soulprint = z.output<typeof soulprintSchema>;
export type SoulprintSection = keyof Soulprint;

export const SOULPRINT_SECTIONS: readonly SoulprintSection[] = [
  'soul',
  'identity',
  'user',
  'agents',
  'tools',
];

/** Whether a string field says "unknown". */
export function isUnknown(value: string): boolean {
  return value === NOT_ENOUGH_DATA;
}
