import type { AccountContext } from '../export/types.js';
import { completeJson } from '../llm/complete-json.js';
import type { LlmCall } from '../llm/llm-caller.js';
import { buildOfflineProfile } from './offline-profile.js';
import type { ProfileEvidence } from './profile-evidence.js';
import { buildProfileRequest } from './profile-prompt.js';
import { describeLlmFailure, type ProfileResult, profileResult } from './profile-result.js';
import type { SampledConversation } from './quick-sample.js';
import { soulprintSchema } from './soulprint.js';

export interface GenerateProfileInput {
  sample: readonly SampledConversation[];
  account: AccountContext | null;
  evidence?: ProfileEvidence;
  /** The full pass's MEMORY (v2 only). */
  memoryMd?: string;
  /** Notes the offline profile should also use (v2: the MEMORY's facts). */
  extraNotes?: readonly string[];
  llm: LlmCall | null;
  signal?: AbortSignal;
  purpose: string;
  maxTokens: number;
  temperature: number;
}

/**
 * One model call for the five sections, validated by `soulprintSchema` through completeJson
 * (fenced or slightly broken JSON fixed locally; a wrong shape or a generic AI name corrected
 * once by the model; a `max_tokens` stop asked again with a larger budget). Without a model,
 * or when the model fails in any way, the offline profile, with the failure's code in
 * `llmError`. Only a cancellation (the caller's signal aborted) is passed on.
 */
export async function generateProfile(input: GenerateProfileInput): Promise<ProfileResult> {
  const offline = () =>
    buildOfflineProfile({
      sample: input.sample,
      account: input.account,
      ...(input.evidence ? { evidence: input.evidence } : {}),
      ...(input.extraNotes ? { extraNotes: input.extraNotes } : {}),
    });
  if (input.llm === null) return profileResult(offline(), 'offline');
  try {
    const request = buildProfileRequest({
      sample: input.sample,
      account: input.account,
      ...(input.memoryMd ? { memoryMd: input.memoryMd } : {}),
      purpose: input.purpose,
      maxTokens: input.maxTokens,
      temperature: input.temperature,
    });
    const { value } = await completeJson(
      input.llm,
      request,
      soulprintSchema,
      input.signal ? { signal: input.signal } : {},
    );
    return profileResult(value, 'llm');
  } catch (error) {
    if (input.signal?.aborted) throw error;
    return profileResult(offline(), 'offline', describeLlmFailure(error));
  }
}
