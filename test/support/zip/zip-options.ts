/** Options and results of the ZIP writer. */

export type ZipMethod = 'store' | 'deflate';

/** Entry content: whole (Buffer or UTF-8 string) or streamed chunk by chunk. */
export type ZipEntryData = Buffer | string | Iterable<Buffer> | AsyncIterable<Buffer>;

export interface ZipWriterOptions {
  /** Default method for entries. Default `deflate`. */
  method?: ZipMethod;
  /** Default deflate level 0..9. Default 6. */
  level?: number;
  /** Timestamp written on every entry. Default 2026-01-01 00:00 (UTC fields). */
  modifiedAt?: Date;
  /** Archive comment (end-of-central-directory record). */
  comment?: string;
}

/**
 * Per-entry options. The `declared*`, `methodNumber`, `encryptedFlag` and `raw` options exist to
 * build hostile archives: they are written into the headers as given, whatever the data is.
 */
export interface ZipEntryOptions {
  method?: ZipMethod;
  level?: number;
  modifiedAt?: Date;
  /** Unix mode bits for the external attributes, e.g. `0o120777` for a symlink. */
  unixMode?: number;
  /** Use a data descriptor even for a whole Buffer (streamed entries always use one). */
  dataDescriptor?: boolean;
  /** The data is already in its stored form (e.g. a hand-made deflate stream): written verbatim. */
  raw?: boolean;
  /** CRC-32 to write instead of the real one (raw entries default to 0). */
  declaredCrc?: number;
  /** Uncompressed size to write instead of the real one (raw entries default to the data length). */
  declaredUncompressedSize?: number;
  /** Compressed size to write instead of the real one. */
  declaredCompressedSize?: number;
  /** Method number to write instead of 0/8, e.g. 12 (bzip2) or 99 (AES); data other than 8 is written as given. */
  methodNumber?: number;
  /** Sets general-purpose bit 0 ("encrypted") although the data is not encrypted. */
  encryptedFlag?: boolean;
}

/** What was written for one entry: the true values, not the declared ones. */
export interface ZipEntryResult {
  name: string;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}
