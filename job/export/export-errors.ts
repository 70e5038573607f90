import { basename } from 'node:path';
import { type AppError, badInput } from '../../core/errors.js';
import { quoteName } from './quote-name.js';
import type { FileKind } from './sniff-file.js';
import type { SkipReason } from './types.js';

/**
 * User-facing errors for files that are not a readable ChatGPT export. Each message says what
 * the file is, what was expected and what to do. They never quote conversation text.
 */

export const UPLOAD_HINT =
  'Upload the ZIP from ChatGPT → Settings → Data controls → Export data (the file in the email ' +
  'from OpenAI), or the conversations.json inside it.';

const REDOWNLOAD_HINT = 'Download the export from ChatGPT again and upload that ZIP.';

export function wrongFileKind(path: string, kind: FileKind): AppError {
  const name = basename(path);
  const quoted = quoteName(name);
  switch (kind) {
    case 'html':
      return badInput(
        'EXPORT_WRONG_FILE',
        name.toLowerCase() === 'chat.html'
          ? `${quoted} is the page ChatGPT includes for viewing your chats in a browser; it is not the conversation data. ${UPLOAD_HINT}`
          : `${quoted} is a web page (HTML), not a ChatGPT export. ${UPLOAD_HINT}`,
      );
    case 'gzip':
      return badInput(
        'EXPORT_WRONG_FILE',
        `${quoted} is a gzip-compressed file, but a ChatGPT export is a ZIP archive. If you compressed it yourself, upload the original ZIP instead. ${UPLOAD_HINT}`,
      );
    case 'pdf':
      return badInput(
        'EXPORT_WRONG_FILE',
        `${quoted} is a PDF document, not a ChatGPT export. ${UPLOAD_HINT}`,
      );
    case 'image':
      return badInput(
        'EXPORT_WRONG_FILE',
        `${quoted} is an image, not a ChatGPT export. ${UPLOAD_HINT}`,
      );
    case 'empty':
      return emptyFile(name);
    default:
      return badInput(
        'EXPORT_NOT_JSON',
        `${quoted} is neither a ZIP archive nor a JSON file, so it cannot be a ChatGPT export. ${UPLOAD_HINT}`,
      );
  }
}

export function claudeExport(source: string): AppError {
  return badInput(
    'EXPORT_WRONG_FILE',
    `${quoteName(source)} looks like a Claude export (its conversations have "chat_messages"), not a ChatGPT export. ${UPLOAD_HINT}`,
  );
}

export function invalidJson(source: string, offset: number, detail: string): AppError {
  return badInput(
    'EXPORT_NOT_JSON',
    `${quoteName(source)} is not valid JSON (${detail} at byte ${offset}). ${REDOWNLOAD_HINT}`,
  );
}

export function emptyFile(source: string): AppError {
  return badInput(
    'EXPORT_EMPTY',
    `${quoteName(source)} is empty. The download or upload was probably interrupted. ${REDOWNLOAD_HINT}`,
  );
}

export function emptyConversationList(source: string): AppError {
  return badInput(
    'EXPORT_EMPTY',
    `${quoteName(source)} holds an empty list: this export contains no conversations. If you have chats in ChatGPT, request a new export (Settings → Data controls → Export data) and upload that ZIP.`,
  );
}

export function truncatedFile(source: string, offset: number, conversationsRead: number): AppError {
  return badInput(
    'EXPORT_TRUNCATED',
    `${quoteName(source)} ends unexpectedly at byte ${offset}, inside conversation ${conversationsRead + 1}; ${conversationsRead} conversation${conversationsRead === 1 ? ' was' : 's were'} read before that. The file was cut short, probably while downloading or uploading. ${REDOWNLOAD_HINT}`,
  );
}

export function nothingReadable(
  source: string,
  seen: number,
  skipped: Partial<Record<SkipReason, number>>,
): AppError {
  const reasons = Object.entries(skipped)
    .map(([reason, count]) => `${count} ${reason.replaceAll('_', ' ')}`)
    .join(', ');
  return badInput(
    'EXPORT_NOTHING_READABLE',
    `None of the ${seen} entries in ${quoteName(source)} could be read as a ChatGPT conversation (${reasons}). ${UPLOAD_HINT}`,
  );
}

export function allExcluded(source: string, count: number): AppError {
  return badInput(
    'EXPORT_ALL_EXCLUDED',
    `All ${count} conversations in ${quoteName(source)} are marked "do not remember" in ChatGPT, so there is nothing to import. To import them, turn "do not remember" off for the chats you want remembered, export again and upload the new ZIP.`,
  );
}

// ZIP archives

export function zipUnreadable(path: string, cause: unknown): AppError {
  return badInput(
    'ZIP_CORRUPT',
    `${quoteName(basename(path))} is not a readable ZIP archive: its file list is missing or damaged, so the file is probably incomplete. ${REDOWNLOAD_HINT}`,
    cause,
  );
}

export function zipEmpty(path: string): AppError {
  return badInput(
    'ZIP_EMPTY',
    `${quoteName(basename(path))} is an empty ZIP archive (it holds no files). ${REDOWNLOAD_HINT}`,
  );
}

export function zipWithoutConversations(
  path: string,
  fileCount: number,
  examples: string[],
): AppError {
  const shown = examples.map(quoteName).join(', ');
  return badInput(
    'ZIP_NO_CONVERSATIONS',
    `${quoteName(basename(path))} is a ZIP archive, but it holds no conversations.json or conversations-000.json (it has ${fileCount} file${fileCount === 1 ? '' : 's'}, such as ${shown}). ${UPLOAD_HINT}`,
  );
}

export function nestedZip(path: string, inner: string): AppError {
  return badInput(
    'ZIP_NESTED',
    `${quoteName(basename(path))} contains another ZIP archive (${quoteName(inner)}) instead of the export's files. Upload the inner ZIP, ${quoteName(basename(inner))}: that is the export from ChatGPT.`,
  );
}

export function zipTooManyFiles(path: string, count: number, limit: number): AppError {
  return badInput(
    'ZIP_TOO_MANY_FILES',
    `${quoteName(basename(path))} holds ${count.toLocaleString('en-US')} conversation files; a ChatGPT export has at most a few hundred (about 100 conversations each), and we read up to ${limit.toLocaleString('en-US')}. Upload the ZIP exactly as ChatGPT sent it.`,
  );
}

export function zipOverlappingEntries(path: string, first: string, second: string): AppError {
  return badInput(
    'ZIP_OVERLAPPING_ENTRIES',
    `${quoteName(basename(path))} is not a well-formed ZIP archive: its files ${quoteName(first)} and ${quoteName(second)} share the same stored data, which no ZIP tool writes. ${REDOWNLOAD_HINT}`,
  );
}

export function zipEntryEncrypted(path: string, entry: string): AppError {
  return badInput(
    'ZIP_ENCRYPTED',
    `${quoteName(entry)} in ${quoteName(basename(path))} is password-protected. ChatGPT exports are not encrypted: upload the ZIP exactly as ChatGPT sent it, without adding a password.`,
  );
}

export function zipEntryMethod(path: string, entry: string, method: number): AppError {
  return badInput(
    'ZIP_UNSUPPORTED_METHOD',
    `${quoteName(entry)} in ${quoteName(basename(path))} uses a compression method we cannot read (method ${method}). ChatGPT exports use standard Deflate: upload the ZIP exactly as ChatGPT sent it, or re-compress it with standard ZIP compression.`,
  );
}

export function zipEntryTooLarge(
  path: string,
  entry: string,
  limitBytes: number,
  why: string,
): AppError {
  return badInput(
    'ZIP_TOO_LARGE',
    `${quoteName(entry)} in ${quoteName(basename(path))} ${why}, more than the ${formatBytes(limitBytes)} we accept for one file; we stopped reading it. Upload the ZIP exactly as ChatGPT sent it.`,
  );
}

export function zipEntryCorrupt(
  path: string,
  entry: string,
  detail: string,
  cause?: unknown,
): AppError {
  return badInput(
    'ZIP_CORRUPT',
    `${quoteName(entry)} in ${quoteName(basename(path))} is damaged (${detail}). ${REDOWNLOAD_HINT}`,
    cause,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
