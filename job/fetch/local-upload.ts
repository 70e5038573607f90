import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../../core/errors.js';

/**
 * The file behind a storage path in the local storage folder. The path must stay inside the
 * folder: `..`, absolute paths and symlink tricks that lead outside are refused.
 */
export async function resolveLocalUpload(storageDir: string, storagePath: string): Promise<string> {
  const root = path.resolve(storageDir);
  const file = path.resolve(root, storagePath);
  if (path.isAbsolute(storagePath) || !file.startsWith(root + path.sep)) {
    throw badInput(
      'UPLOAD_NOT_FOUND',
      `The upload path "${storagePath}" is outside the storage folder.`,
    );
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    throw badInput(
      'UPLOAD_NOT_FOUND',
      `The upload "${storagePath}" was not found. Upload the export again.`,
    );
  }
  // A symlink inside the folder must not lead outside it either.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  if (!realFile.startsWith(realRoot + path.sep)) {
    throw badInput(
      'UPLOAD_NOT_FOUND',
      `The upload path "${storagePath}" is outside the storage folder.`,
    );
  }
  return realFile;
}
