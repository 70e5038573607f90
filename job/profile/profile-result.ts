import { toAppError } from '../../core/errors.js';
import { type ProfileMarkdown, renderProfileMarkdown } from './render-profile-markdown.js';
import type { Soulprint } from './soulprint.js';

export type { ProfileMarkdown };

/** What the quick pass and the v2 regeneration hand to the job: everything `writeProfileSections` stores. */
export interface ProfileResult {
  soulprint: Soulprint;
  /** 'offline' when there was no model or the model failed (then `llmError` says why). */
  source: 'llm' | 'offline';
  markdown: ProfileMarkdown;
  aiName: string;
  archetype: string;
  /** Why the model's profile was not used: a stable code and a safe message, never chat text. */
  llmError?: { code: string; message: string };
}

export function profileResult(
  soulprint: Soulprint,
  source: ProfileResult['source'],
  llmError?: ProfileResult['llmError'],
): ProfileResult {
  return {
    soulprint,
    source,
    markdown: renderProfileMarkdown(soulprint),
    aiName: soulprint.identity.ai_name,
    archetype: soulprint.identity.archetype,
    ...(llmError ? { llmError } : {}),
  };
}

const MAX_ERROR_MESSAGE = 300;

/**
 * The code and message of a failed model call. AppError messages are written to be safe (no
 * conversation text, secrets redacted); anything else becomes INTERNAL with a generic message.
 */
export function describeLlmFailure(error: unknown): { code: string; message: string } {
  const appError = toAppError(error);
  const message =
    appError.message.length > MAX_ERROR_MESSAGE
      ? `${appError.message.slice(0, MAX_ERROR_MESSAGE - 1)}…`
      : appError.message;
  return { code: appError.code, message };
}
