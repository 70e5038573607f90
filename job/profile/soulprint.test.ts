import { describe, expect, it } from 'vitest';
import { validSoulprintJson } from '../../test/support/soulprint-example.js';
import { isGenericAiName, NOT_ENOUGH_DATA, soulprintSchema } from './soulprint.js';

describe('isGenericAiName', () => {
  it.each([
    'Assistant',
    'assistant',
    'Helper',
    'Bot',
    'AI',
    'A.I.',
    'ChatGPT',
    'ChatGPT-4',
    'GPT-4o',
    'Claude',
    'Claude 3.5',
    'Companion',
    'My Assistant',
    'Your AI Companion',
    'The Helper',
    'Personal Assistant',
    'AI Bot',
    '',
    'My',
  ])('refuses %j', (name) => {
    expect(isGenericAiName(name)).toBe(true);
  });

  it.each(['Wren', 'Nova', 'Saffron', 'Captain Quill', 'Botanica', 'Aiden', 'Clauda'])(
    'accepts %j',
    (name) => {
      expect(isGenericAiName(name)).toBe(false);
    },
  );
});

describe('soulprintSchema', () => {
  it('accepts a complete answer as it is', () => {
    const parsed = soulprintSchema.parse(validSoulprintJson());
    expect(parsed).toEqual(validSoulprintJson());
  });

  it('turns blank, missing and "unknown" strings into "not enough data", missing lists into []', () => {
    const answer = validSoulprintJson() as Record<string, Record<string, unknown>>;
    answer.user!.name = '  ';
    answer.user!.location = 'Unknown';
    delete answer.user!.occupation;
    answer.user!.relationships = null;
    delete answer.user!.interests;
    const parsed = soulprintSchema.parse(answer);
    expect(parsed.user.name).toBe(NOT_ENOUGH_DATA);
    expect(parsed.user.location).toBe(NOT_ENOUGH_DATA);
    expect(parsed.user.occupation).toBe(NOT_ENOUGH_DATA);
    expect(parsed.user.relationships).toEqual([]);
    expect(parsed.user.interests).toEqual([]);
  });

  it('cuts lists that are too long, drops duplicates and lower-cases the emoji style', () => {
    const answer = validSoulprintJson();
    answer.soul.personality_traits = ['a', 'b', 'B ', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    answer.identity.emoji_style = 'Moderate';
    const parsed = soulprintSchema.parse(answer);
    expect(parsed.soul.personality_traits).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(parsed.identity.emoji_style).toBe('moderate');
  });

  it('refuses a generic AI name, naming the field', () => {
    const result = soulprintSchema.safeParse(validSoulprintJson({ ai_name: 'My Assistant' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['identity', 'ai_name']);
    expect(result.error?.issues[0]?.message).toContain('generic');
  });

  it('refuses one or two traits, fewer than three rules, and a one-word archetype', () => {
    const answer = validSoulprintJson();
    answer.soul.personality_traits = ['curious'];
    answer.agents.behavioral_rules = ['Be kind.'];
    answer.identity.archetype = 'Mentor';
    const paths = soulprintSchema
      .safeParse(answer)
      .error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual([
      'soul.personality_traits',
      'identity.archetype',
      'agents.behavioral_rules',
    ]);
  });

  it('accepts no traits at all (not enough data) and refuses an unknown emoji style', () => {
    const answer = validSoulprintJson();
    answer.soul.personality_traits = [];
    expect(soulprintSchema.safeParse(answer).success).toBe(true);
    answer.identity.emoji_style = 'lots';
    expect(soulprintSchema.safeParse(answer).success).toBe(false);
  });

  it('refuses an answer without one of the five sections', () => {
    const { tools: _tools, ...four } = validSoulprintJson();
    expect(soulprintSchema.safeParse(four).success).toBe(false);
  });
});
