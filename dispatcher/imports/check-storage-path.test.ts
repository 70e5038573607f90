import { describe, expect, it } from 'vitest';
import type { AppError } from '../../core/errors.js';
import { checkStoragePath } from './check-storage-path.js';

const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const PREFIX = 'imports/{userId}/';

function codeOf(path: string): string {
  try {
    checkStoragePath(path, USER, PREFIX);
    return 'ok';
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('storage path ownership', () => {
  it.each([
    `imports/${USER}/export.zip`,
    `imports/${USER}/2026/11/chatgpt export (1).zip`,
    `imports/${USER}/%E2%9C%93.zip`,
  ])('accepts %s', (path) => {
    expect(codeOf(path)).toBe('ok');
  });

  it.each([
    [`imports/${OTHER}/export.zip`, 'FORBIDDEN'],
    [`imports/${USER}`, 'FORBIDDEN'],
    [`imports/${USER}-evil/export.zip`, 'FORBIDDEN'],
    [`avatars/${USER}/export.zip`, 'FORBIDDEN'],
    [`imports/${USER}/../${OTHER}/export.zip`, 'STORAGE_PATH_INVALID'],
    [`imports/${USER}/%2e%2e/${OTHER}/export.zip`, 'STORAGE_PATH_INVALID'],
    [`imports/${USER}/..%2F${OTHER}%2Fexport.zip`, 'STORAGE_PATH_INVALID'],
    [`imports/${USER}/./export.zip`, 'STORAGE_PATH_INVALID'],
    [`imports/${USER}//export.zip`, 'STORAGE_PATH_INVALID'],
    [`imports/${USER}/`, 'STORAGE_PATH_INVALID'],
    [`/imports/${USER}/export.zip`, 'STORAGE_PATH_INVALID'],
    [`imports\\${USER}\\export.zip`, 'STORAGE_PATH_INVALID'],
    [`imports/${USER}/export.zip\u0000.txt`, 'STORAGE_PATH_INVALID'],
    ['', 'STORAGE_PATH_INVALID'],
    [`imports/${USER}/${'a'.repeat(1100)}`, 'STORAGE_PATH_INVALID'],
  ])('refuses %s with %s', (path, code) => {
    expect(codeOf(path)).toBe(code);
  });

  it("names the user's own folder when refusing another one", () => {
    expect(() => checkStoragePath(`imports/${OTHER}/x.zip`, USER, PREFIX)).toThrow(
      `You can only import files from your own folder (imports/${USER}/).`,
    );
  });
});
