import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { completeImport } from '../../core/db/complete-import.js';
import {
  markImportFailed,
  markQuickReady,
  reportProgress,
  setFullPassStatus,
  startImport,
  truncateForUser,
} from '../../core/db/import-status.js';
import { writeMemory, writeProfileSections } from '../../core/db/profile-sections.js';
import {
  databaseForSuite,
  describeEachAdapter,
  newUser,
  readProfile,
} from './database-fixtures.js';

const sections = {
  soulprint: { identity: { ai_name: 'Echo' } },
  soulMd: '# Soul',
  identityMd: '# Identity',
  userMd: '# User',
  agentsMd: '# Agents',
  toolsMd: '# Tools',
  soulprintText: 'all sections',
  aiName: 'Echo',
  archetype: 'Curious Companion',
};

describeEachAdapter('import status through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  test('starting an import sets processing at 0 % and makes it the current import', async () => {
    const userId = await newUser(db);
    const importId = randomUUID();
    expect(await startImport(db, { userId, importId })).toBe('started');
    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'processing',
      progress_percent: 0,
      import_error: null,
      current_import_id: importId,
      active_import_id: null,
      full_pass_status: 'pending',
      processing_started_at: expect.any(Date),
    });
  });

  test('progress never goes down within an import, and the stage only moves with it', async () => {
    const userId = await newUser(db);
    const ref = { userId, importId: randomUUID() };
    await startImport(db, ref);
    expect(await reportProgress(db, { ...ref, percent: 30, stage: 'scan' })).toBe(true);
    expect(await reportProgress(db, { ...ref, percent: 20, stage: 'late report' })).toBe(true);
    expect(await readProfile(db, userId)).toMatchObject({
      progress_percent: 30,
      import_stage: 'scan',
    });
    await reportProgress(db, { ...ref, percent: 45.6, stage: 'chunk' });
    expect(await readProfile(db, userId)).toMatchObject({
      progress_percent: 46,
      import_stage: 'chunk',
    });
    await reportProgress(db, { ...ref, percent: 250, stage: 'overshoot' });
    expect(await readProfile(db, userId)).toMatchObject({ progress_percent: 100 });
  });

  test('quick_ready, then failed with a user-safe message cut to 500 characters', async () => {
    const userId = await newUser(db);
    const ref = { userId, importId: randomUUID() };
    await startImport(db, ref);
    expect(await markQuickReady(db, { ...ref, percent: 40, stage: 'quick pass' })).toBe(true);
    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'quick_ready',
      progress_percent: 40,
    });

    const message = `${'🦊'.repeat(300)} and ${'x'.repeat(300)}`;
    expect(await markImportFailed(db, { ...ref, message })).toBe(true);
    const profile = await readProfile(db, userId);
    expect(profile).toMatchObject({ import_status: 'failed', progress_percent: 40 });
    expect(profile?.import_error).toBe(truncateForUser(message));
    const [length] = await db.query<{ n: number }>(
      'select char_length(import_error)::int as n from public.user_profiles where user_id = $1::uuid',
      [userId],
    );
    expect(length?.n).toBe(500);
    expect(profile?.import_error?.endsWith('…')).toBe(true);
  });

  test("a writer from an older import cannot overwrite a newer import's status", async () => {
    const userId = await newUser(db);
    const older = { userId, importId: randomUUID() };
    const newer = { userId, importId: randomUUID() };
    await startImport(db, older);
    await reportProgress(db, { ...older, percent: 55, stage: 'embed' });
    await startImport(db, newer);
    await reportProgress(db, { ...newer, percent: 12, stage: 'scan' });

    expect(await reportProgress(db, { ...older, percent: 90, stage: 'stale' })).toBe(false);
    expect(await markQuickReady(db, older)).toBe(false);
    expect(await markImportFailed(db, { ...older, message: 'stale failure' })).toBe(false);
    expect(await setFullPassStatus(db, { ...older, status: 'failed', error: 'stale' })).toBe(false);
    expect(await writeProfileSections(db, { ...older, ...sections })).toBe(false);
    expect(await writeMemory(db, { ...older, memoryMd: 'stale memory' })).toBe(false);
    expect(
      await completeImport(db, { ...older, totalConversations: 1, totalMessages: 1 }),
    ).toMatchObject({ completed: false });

    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'processing',
      progress_percent: 12,
      import_stage: 'scan',
      import_error: null,
      current_import_id: newer.importId,
      active_import_id: null,
      full_pass_status: 'pending',
    });
  });

  test('starting the same import again resumes it without losing progress or quick_ready', async () => {
    const userId = await newUser(db);
    const ref = { userId, importId: randomUUID() };
    await startImport(db, ref);
    await markQuickReady(db, { ...ref, percent: 50 });
    await markImportFailed(db, { ...ref, message: 'the container was stopped' });
    expect(await startImport(db, ref)).toBe('resumed');
    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'processing',
      progress_percent: 50,
      import_error: null,
      current_import_id: ref.importId,
    });
    await markQuickReady(db, ref);
    expect(await startImport(db, ref)).toBe('resumed');
    expect(await readProfile(db, userId)).toMatchObject({ import_status: 'quick_ready' });
  });

  test('a completed import is not restarted; a new one starts over with the old memory active', async () => {
    const userId = await newUser(db);
    const first = { userId, importId: randomUUID() };
    await startImport(db, first);
    await completeImport(db, { ...first, totalConversations: 3, totalMessages: 9 });
    expect(await startImport(db, first)).toBe('already_complete');
    expect(await readProfile(db, userId)).toMatchObject({ import_status: 'complete' });

    const second = { userId, importId: randomUUID() };
    expect(await startImport(db, second)).toBe('started');
    expect(await readProfile(db, userId)).toMatchObject({
      import_status: 'processing',
      progress_percent: 0,
      completed_at: null,
      current_import_id: second.importId,
      active_import_id: first.importId,
    });
  });

  test('the current import writes the profile sections, memory and full-pass status', async () => {
    const userId = await newUser(db);
    const ref = { userId, importId: randomUUID() };
    await startImport(db, ref);
    expect(await writeProfileSections(db, { ...ref, ...sections })).toBe(true);
    expect(await writeMemory(db, { ...ref, memoryMd: '## Preferences\n- tea' })).toBe(true);
    expect(await setFullPassStatus(db, { ...ref, status: 'failed', error: 'e'.repeat(700) })).toBe(
      true,
    );
    const [row] = await db.query<Record<string, unknown>>(
      `select soulprint, ai_name, archetype, soul_md, memory_md, soulprint_text,
              full_pass_status, char_length(full_pass_error)::int as error_length
         from public.user_profiles where user_id = $1::uuid`,
      [userId],
    );
    expect(row).toEqual({
      soulprint: { identity: { ai_name: 'Echo' } },
      ai_name: 'Echo',
      archetype: 'Curious Companion',
      soul_md: '# Soul',
      memory_md: '## Preferences\n- tea',
      soulprint_text: 'all sections',
      full_pass_status: 'failed',
      error_length: 500,
    });
  });
});

describe('truncateForUser', () => {
  test('keeps short messages and never splits a character when cutting', () => {
    expect(truncateForUser('  Not a ChatGPT export.  ')).toBe('Not a ChatGPT export.');
    const cut = truncateForUser('😀'.repeat(501));
    expect(Array.from(cut)).toHaveLength(500);
    expect(cut).toBe(`${'😀'.repeat(499)}…`);
  });
});
