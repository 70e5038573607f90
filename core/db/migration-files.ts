import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';

export interface MigrationFile {
  /** The 14-digit version, e.g. "20261129000001". */
  version: string;
  /** The part after the version, e.g. "enable_vector". */
  name: string;
  fileName: string;
  sql: string;
}

/** `<version>_<name>.sql`, the Supabase CLI layout. */
const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/**
 * The folder holding package.json, found by walking up from this module: the same answer from
 * source (core/db/), from the build (dist/core/db/) and in an image that copies `infra/` and
 * package.json next to `dist/`.
 */
export function findPackageRoot(
  from: string = path.dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new AppError('DB_MIGRATION_FAILED', `No package.json found above ${from}.`, {
        kind: 'config',
      });
    }
    dir = parent;
  }
}

export function defaultMigrationsDir(): string {
  return path.join(findPackageRoot(), 'infra', 'supabase', 'migrations');
}

/** What Supabase provides, for databases that are not Supabase (see the file's header). */
export function defaultCompatFile(): string {
  return path.join(findPackageRoot(), 'infra', 'db', 'supabase-compat.sql');
}

/** The migrations in `dir`, oldest first. Other files are refused rather than skipped. */
export async function loadMigrations(
  dir: string = defaultMigrationsDir(),
): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new AppError(
      'DB_MIGRATION_FAILED',
      `The migrations folder ${dir} cannot be read; the build must ship infra/ next to dist/.`,
      { kind: 'config', cause: error },
    );
  }
  const migrations: MigrationFile[] = [];
  for (const fileName of entries.sort()) {
    const match = MIGRATION_FILE.exec(fileName);
    if (!match) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `${path.join(dir, fileName)} is not named <14-digit version>_<name>.sql; rename or remove it.`,
        { kind: 'config' },
      );
    }
    const previous = migrations.at(-1);
    if (previous !== undefined && previous.version === match[1]) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `${previous.fileName} and ${fileName} share version ${match[1]}; give each its own.`,
        { kind: 'config' },
      );
    }
    const sql = await readFile(path.join(dir, fileName), 'utf8');
    migrations.push({ version: match[1] as string, name: match[2] as string, fileName, sql });
  }
  return migrations;
}

export async function loadCompatSql(file: string = defaultCompatFile()): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError(
      'DB_MIGRATION_FAILED',
      `The bootstrap ${file} cannot be read; the build must ship infra/ next to dist/.`,
      { kind: 'config', cause: error },
    );
  }
}
