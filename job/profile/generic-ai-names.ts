/**
 * Names that would make the companion sound like any chatbot. A name is generic when, after
 * dropping possessives, articles and filler adjectives ("My", "Your", "The", "Personal",
 * "Virtual", "Friendly") and version numbers, every word left is one of these. So "Assistant",
 * "my assistant", "AI Companion", "ChatGPT-4" and "The Helper" are generic; "Nova" is not.
 */
export const GENERIC_AI_NAMES: readonly string[] = [
  'ai',
  'assistant',
  'asst',
  'helper',
  'bot',
  'chatbot',
  'robot',
  'chat',
  'chatgpt',
  'gpt',
  'openai',
  'claude',
  'anthropic',
  'gemini',
  'bard',
  'copilot',
  'siri',
  'alexa',
  'cortana',
  'llm',
  'model',
  'agent',
  'companion',
  'friend',
  'buddy',
  'pal',
  'guide',
  'advisor',
  'coach',
  'system',
  'computer',
];

const GENERIC = new Set(GENERIC_AI_NAMES);
const FILLER = new Set([
  'my',
  'your',
  'our',
  'the',
  'a',
  'an',
  'personal',
  'virtual',
  'digital',
  'smart',
  'friendly',
  'helpful',
  'trusty',
  'trusted',
  'loyal',
  'little',
  'mini',
  'super',
  'new',
]);

export function isGenericAiName(name: string): boolean {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[^a-z0-9\s-]/g, ' ')
    .replace(/\b(?:gpt)-?\d[\w.]*/g, 'gpt')
    .split(/[\s-]+/)
    .filter((word) => word !== '' && !/^\d+[a-z]?$/.test(word) && !/^v\d+$/.test(word));
  const meaningful = words.filter((word) => !FILLER.has(word));
  if (meaningful.length === 0) return true;
  return meaningful.every((word) => GENERIC.has(word));
}
