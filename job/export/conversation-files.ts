import {
  nestedZip,
  zipEmpty,
  zipEntryEncrypted,
  zipEntryMethod,
  zipEntryTooLarge,
  zipOverlappingEntries,
  zipTooManyFiles,
  zipWithoutConversations,
} from './export-errors.js';
import type { ZipEntryInfo } from './zip-archive.js';

const CONVERSATIONS_FILE = /^conversations(?:-(\d+))?\.json$/i;
const STORED = 0;
const DEFLATED = 8;
/** A real export has a few hundred shards at most; past this many the file is refused. */
export const MAX_CONVERSATION_FILES = 10_000;
/** Deflate cannot expand data more than about 1032 to 1; a larger declared ratio is a lie. */
const MAX_DEFLATE_RATIO = 1100;
/** Bytes of a local file header before the name. */
const LOCAL_HEADER_BYTES = 30;

/**
 * Picks the conversation files out of an export ZIP: `conversations.json` (until 2026) or the
 * `conversations-000.json …` shards (2026 exports), at any depth and in any letter case, in
 * numeric shard order. Ignores macOS resource forks (`__MACOSX/`, `._*`). Refuses, before
 * reading any data, what we cannot or must not read: encrypted entries, unknown methods, entries
 * whose stored data overlaps another's (one deflate stream read many times over), sizes that
 * deflate cannot produce, too many shards, and more than `maxEntryBytes` in all.
 */
export function selectConversationFiles(
  zipPath: string,
  entries: readonly ZipEntryInfo[],
  maxEntryBytes: number,
): ZipEntryInfo[] {
  const files = entries.filter((e) => !e.isDirectory && !isMacJunk(e.name));
  if (files.length === 0) throw zipEmpty(zipPath);

  const selected = files
    .map((entry) => ({ entry, shard: shardNumber(entry.name) }))
    .filter((item): item is { entry: ZipEntryInfo; shard: number } => item.shard !== null)
    .sort((a, b) => compareFolders(a.entry.name, b.entry.name) || a.shard - b.shard)
    .map((item) => item.entry);

  if (selected.length === 0) {
    const inner = files.find((e) => e.name.toLowerCase().endsWith('.zip'));
    if (inner) throw nestedZip(zipPath, inner.name);
    throw zipWithoutConversations(
      zipPath,
      files.length,
      files.slice(0, 3).map((e) => e.name),
    );
  }

  if (selected.length > MAX_CONVERSATION_FILES) {
    throw zipTooManyFiles(zipPath, selected.length, MAX_CONVERSATION_FILES);
  }
  checkNoOverlap(zipPath, files);
  let total = 0;
  for (const entry of selected) {
    if (entry.encrypted) throw zipEntryEncrypted(zipPath, entry.name);
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      throw zipEntryMethod(zipPath, entry.name, entry.method);
    }
    if (entry.size > maxEntryBytes) {
      throw zipEntryTooLarge(zipPath, entry.name, maxEntryBytes, 'declares a size');
    }
    const most =
      entry.method === STORED ? entry.compressedSize : entry.compressedSize * MAX_DEFLATE_RATIO;
    if (entry.size > most + 1024) {
      throw zipEntryTooLarge(
        zipPath,
        entry.name,
        most,
        'declares a size its compressed data cannot hold',
      );
    }
    total += entry.size;
    if (total > maxEntryBytes) {
      throw zipEntryTooLarge(
        zipPath,
        entry.name,
        maxEntryBytes,
        'brings the conversation files together to a size',
      );
    }
  }
  return selected;
}

/**
 * Entries whose stored data overlaps: in a ZIP any tool writes, each entry's header and data
 * come after the previous entry's. Checked on every file of the archive, by offset.
 */
function checkNoOverlap(zipPath: string, entries: readonly ZipEntryInfo[]): void {
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1]!;
    const entry = byOffset[i]!;
    const previousEnd = previous.localHeaderOffset + LOCAL_HEADER_BYTES + previous.compressedSize;
    if (entry.localHeaderOffset < previousEnd) {
      throw zipOverlappingEntries(zipPath, previous.name, entry.name);
    }
  }
}

/** -1 for `conversations.json`, N for `conversations-N.json`, null for anything else. */
function shardNumber(name: string): number | null {
  const match = CONVERSATIONS_FILE.exec(baseName(name));
  if (!match) return null;
  return match[1] === undefined ? -1 : Number(match[1]);
}

function isMacJunk(name: string): boolean {
  return (
    name.startsWith('__MACOSX/') || name.includes('/__MACOSX/') || baseName(name).startsWith('._')
  );
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function compareFolders(a: string, b: string): number {
  const folderA = a.slice(0, a.lastIndexOf('/') + 1);
  const folderB = b.slice(0, b.lastIndexOf('/') + 1);
  return folderA < folderB ? -1 : folderA > folderB ? 1 : 0;
}
