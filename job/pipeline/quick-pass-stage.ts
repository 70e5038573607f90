import { markQuickReady } from '../../core/db/index.js';
import type { AccountContext } from '../export/types.js';
import type { LlmCaller } from '../llm/llm-caller.js';
import type { ProfileEvidence } from '../profile/profile-evidence.js';
import { buildQuickProfile, type ProfileResult } from '../profile/quick-profile.js';
import type { SampledConversation } from '../profile/quick-sample.js';
import type { ImportRun } from './import-run.js';
import { STAGE_TEXT } from './import-stages.js';
import { writeProfile } from './write-profile.js';

export interface QuickPass {
  /** Resolves with the profile (null when an earlier run of this import made it already). */
  finished: Promise<ProfileResult | null>;
  isDone(): boolean;
}

/**
 * Starts the quick pass in the background (it overlaps chunk/embed: the LLM call is
 * network-bound): builds the profile from the scan's sample (the offline one when no LLM is
 * configured or it fails), stores it and sets `quick_ready` at 40 %, so the person can chat.
 * Skipped when the checkpoint says an earlier run of this import finished it.
 */
export function startQuickPass(
  run: ImportRun,
  input: {
    sample: SampledConversation[];
    evidence: ProfileEvidence;
    account: AccountContext;
    llm: LlmCaller | null;
  },
): QuickPass {
  let done = run.checkpoint.quickPassDone;
  if (done) return { finished: Promise.resolve(null), isDone: () => true };
  run.progress.enter('quick');
  const finished = run.timed('quick', async () => {
    const profile = await buildQuickProfile({ ...input, ...run.signalOption });
    await writeProfile(run.db, run.ref, profile);
    await markQuickReady(run.db, { ...run.ref, percent: 40, stage: STAGE_TEXT.chunk });
    await run.saveCheckpoint({ quickPassDone: true });
    done = true;
    run.progress.enter('chunk');
    run.log.info({
      msg: 'quick profile ready',
      source: profile.source,
      llmError: profile.llmError?.code,
    });
    return profile;
  });
  // A failure surfaces where the pipeline awaits it; until then it is not "unhandled".
  finished.catch(() => {});
  return { finished, isDone: () => done };
}
