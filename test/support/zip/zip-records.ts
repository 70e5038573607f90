/**
 * Byte layouts of the ZIP records this writer emits (APPNOTE 6.3.x, sections 4.3.7, 4.3.9,
 * 4.3.12 and 4.3.16). Values are written exactly as given: callers decide whether they are true.
 */

export const MAX_UINT32 = 0xffffffff;
export const MAX_UINT16 = 0xffff;

export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_UTF8_NAME = 0x0800;

/** Throws when a size or offset needs ZIP64, which this writer does not implement. */
export function assertFits(what: string, value: number, name: string): void {
  if (value > MAX_UINT32) {
    throw new Error(
      `ZipWriter: ${what} of "${name}" is ${value} bytes, over the 4 GiB limit of a ZIP without ZIP64 (not supported)`,
    );
  }
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;

/** Everything the local and central headers of one entry share. */
export interface EntryHeaderFields {
  name: Buffer;
  versionNeeded: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
}

export interface CentralHeaderFields extends EntryHeaderFields {
  versionMadeBy: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

export function localFileHeader(fields: EntryHeaderFields): Buffer {
  const header = Buffer.alloc(30 + fields.name.length);
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(fields.versionNeeded, 4);
  header.writeUInt16LE(fields.flags, 6);
  header.writeUInt16LE(fields.method, 8);
  header.writeUInt16LE(fields.dosTime, 10);
  header.writeUInt16LE(fields.dosDate, 12);
  header.writeUInt32LE(fields.crc >>> 0, 14);
  header.writeUInt32LE(fields.compressedSize, 18);
  header.writeUInt32LE(fields.uncompressedSize, 22);
  header.writeUInt16LE(fields.name.length, 26);
  header.writeUInt16LE(0, 28);
  fields.name.copy(header, 30);
  return header;
}

export function dataDescriptor(
  crc: number,
  compressedSize: number,
  uncompressedSize: number,
): Buffer {
  const record = Buffer.alloc(16);
  record.writeUInt32LE(DATA_DESCRIPTOR_SIGNATURE, 0);
  record.writeUInt32LE(crc >>> 0, 4);
  record.writeUInt32LE(compressedSize, 8);
  record.writeUInt32LE(uncompressedSize, 12);
  return record;
}

export function centralDirectoryHeader(fields: CentralHeaderFields): Buffer {
  const header = Buffer.alloc(46 + fields.name.length);
  header.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(fields.versionMadeBy, 4);
  header.writeUInt16LE(fields.versionNeeded, 6);
  header.writeUInt16LE(fields.flags, 8);
  header.writeUInt16LE(fields.method, 10);
  header.writeUInt16LE(fields.dosTime, 12);
  header.writeUInt16LE(fields.dosDate, 14);
  header.writeUInt32LE(fields.crc >>> 0, 16);
  header.writeUInt32LE(fields.compressedSize, 20);
  header.writeUInt32LE(fields.uncompressedSize, 24);
  header.writeUInt16LE(fields.name.length, 28);
  header.writeUInt16LE(0, 30); // extra field length
  header.writeUInt16LE(0, 32); // comment length
  header.writeUInt16LE(0, 34); // disk number start
  header.writeUInt16LE(0, 36); // internal attributes
  header.writeUInt32LE(fields.externalAttributes >>> 0, 38);
  header.writeUInt32LE(fields.localHeaderOffset, 42);
  fields.name.copy(header, 46);
  return header;
}

const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

/**
 * The ZIP64 end-of-central-directory record and its locator (APPNOTE 4.3.14, 4.3.15), written
 * before the classic end record when an archive has more than 65,535 entries.
 */
export function zip64EndOfCentralDirectory(
  entryCount: number,
  directorySize: number,
  directoryOffset: number,
  recordOffset: number,
): Buffer {
  const record = Buffer.alloc(56 + 20);
  record.writeUInt32LE(ZIP64_END_SIGNATURE, 0);
  record.writeBigUInt64LE(44n, 4); // size of the rest of the record
  record.writeUInt16LE(45, 12); // version made by
  record.writeUInt16LE(45, 14); // version needed
  record.writeUInt32LE(0, 16); // this disk
  record.writeUInt32LE(0, 20); // disk with the central directory
  record.writeBigUInt64LE(BigInt(entryCount), 24);
  record.writeBigUInt64LE(BigInt(entryCount), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  record.writeUInt32LE(ZIP64_LOCATOR_SIGNATURE, 56);
  record.writeUInt32LE(0, 60); // disk with the ZIP64 end record
  record.writeBigUInt64LE(BigInt(recordOffset), 64);
  record.writeUInt32LE(1, 72); // total disks
  return record;
}

export function endOfCentralDirectory(
  entryCount: number,
  directorySize: number,
  directoryOffset: number,
  comment: Buffer,
): Buffer {
  const record = Buffer.alloc(22 + comment.length);
  record.writeUInt32LE(END_OF_CENTRAL_DIRECTORY_SIGNATURE, 0);
  record.writeUInt16LE(0, 4); // this disk
  record.writeUInt16LE(0, 6); // disk with the central directory
  const count = Math.min(entryCount, MAX_UINT16); // 0xffff: see the ZIP64 record
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(directorySize, 12);
  record.writeUInt32LE(directoryOffset, 16);
  record.writeUInt16LE(comment.length, 20);
  comment.copy(record, 22);
  return record;
}
