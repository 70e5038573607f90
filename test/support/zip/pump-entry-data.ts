import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';

/** True sizes and checksum of one entry's data. */
export interface MeasuredData {
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * Pulls chunks from `source`, computes CRC-32 and size incrementally, optionally deflates, and
 * hands each output chunk to `write` (awaited, so the output's backpressure reaches the source).
 */
export async function pumpEntryData(
  source: Iterable<Buffer> | AsyncIterable<Buffer>,
  deflateLevel: number | null,
  write: (chunk: Buffer) => Promise<void>,
): Promise<MeasuredData> {
  let crc = 0;
  let uncompressedSize = 0;
  let compressedSize = 0;
  const measure = async function* (chunks: AsyncIterable<Buffer | Uint8Array>) {
    for await (const chunk of chunks) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      crc = crc32(bytes, crc);
      uncompressedSize += bytes.length;
      yield bytes;
    }
  };
  const sink = async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      compressedSize += chunk.length;
      await write(chunk);
    }
  };
  const input = Readable.from(source, { objectMode: false });
  if (deflateLevel === null) await pipeline(input, measure, sink);
  else await pipeline(input, measure, createDeflateRaw({ level: deflateLevel }), sink);
  return { crc, compressedSize, uncompressedSize };
}
