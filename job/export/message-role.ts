/**
 * A message author's role, as the reader understands it. ChatGPT writes `user`, `assistant`,
 * `system` and `tool`; other tools' exports and the pre-parsed form use other spellings
 * (`human`, `AI`, `model`, `function`), so roles are read case-insensitively with aliases.
 * Null for roles the reader does not know.
 */
export type AuthorRole = 'user' | 'assistant' | 'system' | 'tool';

const ALIASES: Record<string, AuthorRole> = {
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  chatgpt: 'assistant',
  system: 'system',
  tool: 'tool',
  function: 'tool',
};

export function authorRole(role: unknown): AuthorRole | null {
  if (typeof role !== 'string' || role.length > 32) return null;
  return ALIASES[role.toLowerCase()] ?? null;
}
