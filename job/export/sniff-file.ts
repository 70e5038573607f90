import { open } from 'node:fs/promises';

/** What a file looks like from its first bytes, before we trust its name. */
export type FileKind = 'zip' | 'json' | 'html' | 'gzip' | 'pdf' | 'image' | 'empty' | 'unknown';

export interface SniffResult {
  kind: FileKind;
  size: number;
  /** The first non-whitespace byte of a JSON file after an optional BOM ('[' or '{'). */
  jsonOpener?: '[' | '{';
}

const SNIFF_BYTES = 512;

export async function sniffFile(path: string): Promise<SniffResult> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    return { ...classify(head), size };
  } finally {
    await handle.close();
  }
}

export function classify(head: Buffer): Omit<SniffResult, 'size'> {
  if (head.length === 0) return { kind: 'empty' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: 'zip' };
  }
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return { kind: 'pdf' };
  if (isImage(head)) return { kind: 'image' };

  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && isJsonWhitespace(head[i]!)) i++;
  if (i === head.length) return { kind: head.length < SNIFF_BYTES ? 'empty' : 'unknown' };
  const first = head[i]!;
  if (first === 0x5b) return { kind: 'json', jsonOpener: '[' };
  if (first === 0x7b) return { kind: 'json', jsonOpener: '{' };
  if (first === 0x3c) {
    const text = head
      .subarray(i, i + 64)
      .toString('latin1')
      .toLowerCase();
    if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<head')) {
      return { kind: 'html' };
    }
  }
  return { kind: 'unknown' };
}

function isImage(head: Buffer): boolean {
  return (
    startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(head, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(head, [0x47, 0x49, 0x46, 0x38]) || // GIF
    (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && head.toString('latin1', 8, 12) === 'WEBP') ||
    head.toString('latin1', 4, 12) === 'ftypheic'
  );
}

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  if (head.length < bytes.length) return false;
  return bytes.every((b, i) => head[i] === b);
}

export function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
