import { setFullPassStatus } from '../../core/db/index.js';
import { toAppError } from '../../core/errors.js';
import type { AccountContext } from '../export/types.js';
import type { LlmCaller } from '../llm/llm-caller.js';
import type { FactInputCollector } from '../memory/fact-input-collector.js';
import type { OfflineFactCollector } from '../memory/offline-facts.js';
import { runFullPass } from '../memory/run-full-pass.js';
import type { ProfileEvidence } from '../profile/profile-evidence.js';
import type { ProfileResult } from '../profile/quick-profile.js';
import type { SampledConversation } from '../profile/quick-sample.js';
import { regenerateProfile } from '../profile/regenerate-profile.js';
import type { ImportRun } from './import-run.js';
import { writeProfile } from './write-profile.js';

export interface FullPassStageInput {
  factInputs: FactInputCollector;
  offlineFacts: OfflineFactCollector;
  v2Sample: SampledConversation[];
  evidence: ProfileEvidence;
  account: AccountContext;
  llm: LlmCaller | null;
}

const FULL_PASS_FAILED =
  'Your profile is ready, but building your long-term memory did not finish. It will be retried on your next import.';

/**
 * The full pass (60→100 %): facts and MEMORY, then the five sections regenerated ("v2") from a
 * larger sample plus MEMORY. `full_pass_status` goes processing → complete, or → failed with
 * a user-safe message, in which case the quick profile stays (this never fails the import,
 * except a stop, which is rethrown so the run can checkpoint and exit).
 */
export async function runFullPassStage(
  run: ImportRun,
  input: FullPassStageInput,
): Promise<{ facts: number; profile: ProfileResult | null }> {
  run.progress.enter('full');
  await setFullPassStatus(run.db, { ...run.ref, status: 'processing' });
  try {
    const result = await run.timed('full', async () => {
      const full = await runFullPass({
        factInputs: input.factInputs,
        offlineFacts: input.offlineFacts,
        account: input.account,
        llm: input.llm,
        db: run.db,
        ...run.ref,
        skipExtraction: run.checkpoint.fullPassDone,
        ...run.signalOption,
        onProgress: (done, total) => run.progress.update(total > 0 ? (0.8 * done) / total : 0),
      });
      await run.saveCheckpoint({ fullPassDone: true });
      const profile = await regenerateProfile({
        sample: input.v2Sample,
        account: input.account,
        evidence: input.evidence,
        memoryMd: full.memoryMd,
        llm: input.llm,
        ...run.signalOption,
      });
      await writeProfile(run.db, run.ref, profile);
      return { facts: full.facts, profile };
    });
    await setFullPassStatus(run.db, { ...run.ref, status: 'complete' });
    return result;
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.kind === 'cancelled') throw error;
    run.log.warn({ msg: 'full pass failed', code: error.code });
    await setFullPassStatus(run.db, { ...run.ref, status: 'failed', error: FULL_PASS_FAILED });
    return { facts: 0, profile: null };
  }
}
