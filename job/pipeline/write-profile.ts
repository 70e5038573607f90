import { type Database, writeProfileSections } from '../../core/db/index.js';
import type { ProfileResult } from '../profile/quick-profile.js';

/** Stores a profile (quick or v2): structured JSON marked with its source, markdown, name. */
export async function writeProfile(
  db: Database,
  ref: { userId: string; importId: string },
  profile: ProfileResult,
): Promise<void> {
  await writeProfileSections(db, {
    ...ref,
    soulprint: { ...profile.soulprint, source: profile.source },
    ...profile.markdown,
    aiName: profile.aiName,
    archetype: profile.archetype,
  });
}
