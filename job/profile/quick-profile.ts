import type { AccountContext } from '../export/types.js';
import type { LlmCall } from '../llm/llm-caller.js';
import { generateProfile } from './generate-profile.js';
import type { ProfileEvidence } from './profile-evidence.js';
import type { ProfileResult } from './profile-result.js';
import type { SampledConversation } from './quick-sample.js';

export type { ProfileMarkdown, ProfileResult } from './profile-result.js';

export interface QuickProfileInput {
  /** From QuickSampleCollector (≈ 50K tokens by default: the prompt's size bound). */
  sample: readonly SampledConversation[];
  account: AccountContext | null;
  /** From ProfileEvidenceCollector over all conversations; improves the offline fallback. */
  evidence?: ProfileEvidence;
  /** Null: no model configured, the offline profile. */
  llm: LlmCall | null;
  signal?: AbortSignal;
}

export const QUICK_PROFILE_CALL = {
  purpose: 'quick-profile',
  temperature: 0.3,
  maxTokens: 4_096,
} as const;

/** The quick pass: the five sections from the account context and the sample, seconds after the scan. */
export function buildQuickProfile(input: QuickProfileInput): Promise<ProfileResult> {
  return generateProfile({ ...input, ...QUICK_PROFILE_CALL });
}
