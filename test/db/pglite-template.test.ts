import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../core/db/pglite-database.js';
import { pgliteTemplatePath, writePgliteTemplate } from '../../core/db/pglite-template.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'soulprint-template-'));
  await writeFile(join(root, 'package.json'), '{}');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the PGlite template', () => {
  it('is a cluster a new database starts from, named after the installed PGlite version', async () => {
    const written = await writePgliteTemplate(root);
    expect(written).toBe(pgliteTemplatePath(root));
    expect(written).toMatch(/pglite-template\/pglite-\d+\.\d+\.\d+\.tar\.gz$/);

    const pg = await PGlite.create({
      dataDir: join(root, 'db'),
      extensions: { vector },
      loadDataDir: new Blob([await readFile(written)]),
    });
    try {
      await pg.exec(
        "create extension vector; create table t (v vector(3)); insert into t values ('[1,2,3]')",
      );
    } finally {
      await pg.close();
    }
    // The unpacked cluster is an ordinary data directory: it opens again and keeps its rows.
    const reopened = await PGlite.create({ dataDir: join(root, 'db'), extensions: { vector } });
    try {
      const { rows } = await reopened.query<{ v: string }>('select v::text as v from t');
      expect(rows).toEqual([{ v: '[1,2,3]' }]);
    } finally {
      await reopened.close();
    }
  });

  it('starts a new embedded data directory (from the built template) that keeps its rows', async () => {
    const dataDir = join(root, 'embedded');
    const first = await openPgliteDatabase(dataDir);
    await first.exec('create table kept (n int); insert into kept values (7)');
    await first.close();
    const again = await openPgliteDatabase(dataDir);
    try {
      expect(await again.query<{ n: number }>('select n from kept')).toEqual([{ n: 7 }]);
    } finally {
      await again.close();
    }
  });
});
