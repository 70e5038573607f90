import type { Database } from './database.js';
import type { ImportRef } from './import-status.js';

export interface ProfileSections extends ImportRef {
  /** The structured five sections, stored as jsonb. */
  soulprint: Record<string, unknown>;
  soulMd: string;
  identityMd: string;
  userMd: string;
  agentsMd: string;
  toolsMd: string;
  /** The sections concatenated under headings, for the chat prompt. */
  soulprintText: string;
  aiName: string;
  archetype: string;
}

/**
 * Writes the profile (quick pass, then the v2 regeneration). Only the current import may write
 * it; returns false otherwise.
 */
export async function writeProfileSections(
  db: Database,
  sections: ProfileSections,
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles
        set soulprint = $3::text::jsonb,
            soul_md = $4::text,
            identity_md = $5::text,
            user_md = $6::text,
            agents_md = $7::text,
            tools_md = $8::text,
            soulprint_text = $9::text,
            ai_name = $10::text,
            archetype = $11::text
      where user_id = $1::uuid and current_import_id = $2::uuid
      returning 1`,
    [
      sections.userId,
      sections.importId,
      JSON.stringify(sections.soulprint),
      sections.soulMd,
      sections.identityMd,
      sections.userMd,
      sections.agentsMd,
      sections.toolsMd,
      sections.soulprintText,
      sections.aiName,
      sections.archetype,
    ],
    { operation: 'save the profile sections' },
  );
  return rows.length > 0;
}

/** Writes the MEMORY section (markdown) from the full pass; only the current import may. */
export async function writeMemory(
  db: Database,
  memory: ImportRef & { memoryMd: string },
): Promise<boolean> {
  const rows = await db.query(
    `update public.user_profiles set memory_md = $3::text
      where user_id = $1::uuid and current_import_id = $2::uuid
      returning 1`,
    [memory.userId, memory.importId, memory.memoryMd],
    { operation: 'save the memory section' },
  );
  return rows.length > 0;
}
