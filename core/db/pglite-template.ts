/**
 * A freshly initialised, empty PGlite cluster as a tarball, written by `npm run build` and used
 * to start every new embedded database. Creating a cluster runs initdb, which under WebAssembly
 * peaks at ~850 MB RSS and takes ~2.7 s; unpacking this tarball peaks at ~380 MB and takes ~1 s.
 * Without it (a build that skipped it) a new database runs initdb as before. The file name
 * carries the installed PGlite version, so an upgrade without a rebuild never loads a cluster
 * made by another version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { findPackageRoot } from './migration-files.js';

let installedVersion: string | undefined;

/** The installed PGlite's version, from its package.json (the package does not export it). */
function pgliteVersion(): string {
  installedVersion ??= readPgliteVersion();
  return installedVersion;
}

function readPgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (manifest.name === '@electric-sql/pglite') return manifest.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('@electric-sql/pglite has no package.json with a version');
    dir = parent;
  }
}

export function pgliteTemplatePath(root: string = findPackageRoot()): string {
  return path.join(root, 'dist', 'pglite-template', `pglite-${pgliteVersion()}.tar.gz`);
}

/** The template for the installed PGlite, or null when none was built. */
export async function readPgliteTemplate(): Promise<Blob | null> {
  try {
    return new Blob([await readFile(pgliteTemplatePath())]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Runs initdb once in memory and writes the cluster as the template; returns its path. */
export async function writePgliteTemplate(root?: string): Promise<string> {
  const target = pgliteTemplatePath(root);
  const pg = await PGlite.create({ dataDir: 'memory://' });
  try {
    const tarball = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, tarball);
    await rename(partial, target);
    return target;
  } finally {
    await pg.close();
  }
}
