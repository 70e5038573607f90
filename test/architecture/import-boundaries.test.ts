import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One folder per deployable plus one shared folder: `core/` imports neither deployable, and
 * `job/` and `dispatcher/` never import each other. Checked on every relative import.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const FOLDERS = ['core', 'job', 'dispatcher'] as const;
const FORBIDDEN: Record<(typeof FOLDERS)[number], string[]> = {
  core: ['job', 'dispatcher'],
  job: ['dispatcher'],
  dispatcher: ['job'],
};

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true }).catch(
    () => [],
  );
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('import boundaries', () => {
  for (const folder of FOLDERS) {
    it(`${folder}/ imports nothing from ${FORBIDDEN[folder].join(' or ')}`, async () => {
      const violations: string[] = [];
      for (const file of await sourceFiles(folder)) {
        const text = await readFile(file, 'utf8');
        for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
          const target = relative(ROOT, resolve(file, '..', match[1]!));
          const top = target.split('/')[0]!;
          if (FORBIDDEN[folder].includes(top))
            violations.push(`${relative(ROOT, file)} → ${target}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
