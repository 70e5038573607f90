import { clientError, forbidden } from '../http/api-errors.js';

/** Object keys longer than this are refused (Supabase Storage allows 1024 bytes). */
const MAX_PATH_LENGTH = 1024;

/**
 * A storage path a user may import: `<bucket>/<object path>` inside their own prefix (by
 * default `imports/{userId}/`). Refuses absolute paths, empty, `.` and `..` segments (also
 * percent-encoded), backslashes and control characters, and anything outside the prefix.
 * Returns the path unchanged. Pure.
 */
export function checkStoragePath(
  storagePath: string,
  userId: string,
  prefixTemplate: string,
): string {
  const prefix = prefixTemplate.replaceAll('{userId}', userId);
  if (storagePath.length === 0 || storagePath.length > MAX_PATH_LENGTH) {
    throw invalidPath(`The storage path must be 1 to ${MAX_PATH_LENGTH} characters long.`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(storagePath)) {
    throw invalidPath('The storage path must not contain backslashes or control characters.');
  }
  if (hasUnsafeSegments(storagePath) || hasUnsafeSegments(decodeOnce(storagePath))) {
    throw invalidPath(
      'The storage path must be relative, without empty, "." or ".." segments (e.g. imports/<your id>/export.zip).',
    );
  }
  if (!storagePath.startsWith(prefix) || storagePath.length === prefix.length) {
    throw forbidden(`You can only import files from your own folder (${prefix}).`);
  }
  return storagePath;
}

function hasUnsafeSegments(path: string): boolean {
  if (path.startsWith('/')) return true;
  return path
    .split(/[/\\]/)
    .some((segment) => segment === '' || segment === '.' || segment === '..');
}

function decodeOnce(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function invalidPath(message: string) {
  return clientError('STORAGE_PATH_INVALID', message);
}
