import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { zipEntryCorrupt, zipEntryTooLarge } from './export-errors.js';
import type { ZipEntryInfo } from './zip-archive.js';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
/** Large reads and large inflate chunks: ~13× faster than 16 KB chunks (ORIGINAL-SYSTEM.md). */
const CHUNK_BYTES = 1 << 20;
/** zlib's own minimum inflate chunk. */
const MIN_INFLATE_CHUNK_BYTES = 64;

export interface ZipEntryProgress {
  /** Compressed bytes of this entry read from disk so far. */
  compressedBytesRead: number;
}

/**
 * Streams one entry's uncompressed bytes straight from the archive (never to disk), checking as
 * it goes that it does not inflate past its declared size or `maxBytes` (a ZIP bomb stops at
 * once, the rest is not inflated), and at the end that its size and CRC-32 match.
 */
export async function* readZipEntry(
  zipPath: string,
  entry: ZipEntryInfo,
  maxBytes: number,
  progress: ZipEntryProgress = { compressedBytesRead: 0 },
): AsyncGenerator<Buffer> {
  // One open of the archive per entry: the header is read through the handle that streams the data.
  const handle = await open(zipPath, 'r');
  let dataStart: number;
  try {
    dataStart = await locateEntryData(handle, zipPath, entry);
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (entry.compressedSize === 0) {
    await handle.close();
    if (entry.size !== 0) throw zipEntryCorrupt(zipPath, entry.name, 'its data is missing');
    return;
  }
  // Small shards get small buffers: a 2-byte `[]` needs no 1 MB read or inflate window.
  const raw = handle.createReadStream({
    start: dataStart,
    end: dataStart + entry.compressedSize - 1,
    highWaterMark: Math.min(CHUNK_BYTES, Math.max(entry.compressedSize, 1)),
  });
  let stream: Readable = raw;
  if (entry.method === 8) {
    const inflate = createInflateRaw({
      // One byte more than declared, so an entry that inflates past its size shows it at once.
      chunkSize: Math.min(CHUNK_BYTES, Math.max(MIN_INFLATE_CHUNK_BYTES, entry.size + 1)),
    });
    raw.on('error', (error) => inflate.destroy(error));
    stream = raw.pipe(inflate);
  }
  const limit = Math.min(entry.size, maxBytes);
  let total = 0;
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      progress.compressedBytesRead = raw.bytesRead;
      if (total > limit) {
        const why =
          total > entry.size ? 'inflates past the size it declares' : 'inflates to a size';
        throw zipEntryTooLarge(zipPath, entry.name, Math.max(limit, 0), why);
      }
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    if (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('Z_')
    ) {
      throw zipEntryCorrupt(zipPath, entry.name, 'its compressed data is invalid', error);
    }
    throw error;
  } finally {
    raw.destroy();
    stream.destroy();
  }
  if (total !== entry.size) {
    throw zipEntryCorrupt(
      zipPath,
      entry.name,
      `it holds ${total} bytes but declares ${entry.size}`,
    );
  }
  if (crc >>> 0 !== entry.crc) {
    throw zipEntryCorrupt(zipPath, entry.name, 'its CRC-32 checksum does not match');
  }
}

async function locateEntryData(
  handle: FileHandle,
  zipPath: string,
  entry: ZipEntryInfo,
): Promise<number> {
  const header = Buffer.alloc(LOCAL_HEADER_BYTES);
  const { bytesRead } = await handle.read(header, 0, LOCAL_HEADER_BYTES, entry.localHeaderOffset);
  if (bytesRead < LOCAL_HEADER_BYTES || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
    throw zipEntryCorrupt(zipPath, entry.name, 'its local header is missing');
  }
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  return entry.localHeaderOffset + LOCAL_HEADER_BYTES + nameLength + extraLength;
}
