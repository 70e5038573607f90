import type { AccountContext } from '../export/types.js';
import type { LlmCall } from '../llm/llm-caller.js';
import { generateProfile } from './generate-profile.js';
import type { ProfileEvidence } from './profile-evidence.js';
import type { ProfileResult } from './profile-result.js';
import type { SampledConversation } from './quick-sample.js';

export interface RegenerateProfileInput {
  /** A larger sample, e.g. QuickSampleCollector({ maxConversations: 200, maxMessagesPerConversation: 20 }). */
  sample: readonly SampledConversation[];
  account: AccountContext | null;
  /** The full pass's MEMORY section (markdown). */
  memoryMd: string;
  evidence?: ProfileEvidence;
  llm: LlmCall | null;
  signal?: AbortSignal;
}

export const REGENERATE_PROFILE_CALL = {
  purpose: 'profile-v2',
  temperature: 0.3,
  maxTokens: 4_096,
} as const;

const MAX_MEMORY_NOTES = 30;

/**
 * The v2 profile after the full pass: the same schema and call as the quick pass, with MEMORY
 * as strong evidence after the account context. Offline: the offline profile, with MEMORY's
 * facts (its bullet lines) read like saved notes.
 */
export function regenerateProfile(input: RegenerateProfileInput): Promise<ProfileResult> {
  return generateProfile({
    ...input,
    extraNotes: memoryNotes(input.memoryMd),
    ...REGENERATE_PROFILE_CALL,
  });
}

/** The facts of a MEMORY document: its list items, markdown emphasis removed. */
export function memoryNotes(memoryMd: string): string[] {
  const notes: string[] = [];
  for (const line of memoryMd.split('\n')) {
    const item = /^\s*(?:[-*+]|\d+\.)\s+(.+)$/.exec(line)?.[1];
    if (!item) continue;
    const text = item.replace(/\*\*|__|`/g, '').trim();
    if (text.length > 2) notes.push(text);
    if (notes.length >= MAX_MEMORY_NOTES) break;
  }
  return notes;
}
