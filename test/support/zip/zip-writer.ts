import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { DEFAULT_ZIP_DATE, toDosDateTime } from './dos-time.js';
import { pumpEntryData } from './pump-entry-data.js';
import type {
  ZipEntryData,
  ZipEntryOptions,
  ZipEntryResult,
  ZipWriterOptions,
} from './zip-options.js';
import {
  assertFits,
  type CentralHeaderFields,
  centralDirectoryHeader,
  dataDescriptor,
  endOfCentralDirectory,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  FLAG_UTF8_NAME,
  localFileHeader,
  MAX_UINT16,
  zip64EndOfCentralDirectory,
} from './zip-records.js';

export type {
  ZipEntryData,
  ZipEntryOptions,
  ZipEntryResult,
  ZipMethod,
  ZipWriterOptions,
} from './zip-options.js';

const deflateRawAsync = promisify(deflateRaw);

const VERSION_MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE_MODE = 0o100644;
const DIRECTORY_MODE = 0o40755;
const DOS_DIRECTORY_ATTRIBUTE = 0x10;

/**
 * Writes a ZIP archive front to back without buffering whole entries (except Buffers given whole).
 * Usage: `new ZipWriter(pathOrStream)`, any number of `await addEntry(...)`, then `await finish()`.
 * ZIP64 is written only for entry counts over 65,535; sizes and offsets beyond 4 GiB throw.
 */
export class ZipWriter {
  private readonly out: Writable;
  private readonly ownsStream: boolean;
  private readonly options: Required<Omit<ZipWriterOptions, 'comment'>> & { comment: string };
  private readonly central: CentralHeaderFields[] = [];
  private offset = 0;
  private busy = false;
  private done = false;
  private failure: Error | null = null;

  constructor(target: Writable | string, options: ZipWriterOptions = {}) {
    this.ownsStream = typeof target === 'string';
    this.out = typeof target === 'string' ? createWriteStream(target) : target;
    this.out.on('error', (error: Error) => {
      this.failure ??= error;
    });
    this.options = {
      method: options.method ?? 'deflate',
      level: options.level ?? 6,
      modifiedAt: options.modifiedAt ?? DEFAULT_ZIP_DATE,
      comment: options.comment ?? '',
    };
  }

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.offset;
  }

  async addEntry(
    name: string,
    data: ZipEntryData,
    options: ZipEntryOptions = {},
  ): Promise<ZipEntryResult> {
    if (this.done) throw new Error(`ZipWriter: cannot add "${name}" after finish()`);
    if (this.busy) throw new Error(`ZipWriter: cannot add "${name}" while another entry is open`);
    this.busy = true;
    try {
      return await this.writeEntry(name, data, options);
    } finally {
      this.busy = false;
    }
  }

  /**
   * A second central-directory entry for data already written (`of`), under another name: a
   * hostile archive whose entries overlap. Nothing is written to the data area.
   */
  addAlias(name: string, of: ZipEntryResult): void {
    const target = this.central.find((fields) => fields.localHeaderOffset === of.localHeaderOffset);
    if (!target) throw new Error(`ZipWriter: no entry at offset ${of.localHeaderOffset}`);
    this.central.push({ ...target, name: Buffer.from(name, 'utf8') });
  }

  /** Adds a directory entry; the name gets a trailing slash if it lacks one. */
  async addDirectory(name: string, options: ZipEntryOptions = {}): Promise<ZipEntryResult> {
    const dirName = name.endsWith('/') ? name : `${name}/`;
    return this.addEntry(dirName, Buffer.alloc(0), { method: 'store', ...options });
  }

  /** Writes the central directory and the end record, then ends (and for a path, closes) the output. */
  async finish(): Promise<{ bytes: number; entries: number }> {
    if (this.done) throw new Error('ZipWriter: finish() called twice');
    if (this.busy) throw new Error('ZipWriter: finish() called while an entry is open');
    this.done = true;
    const directoryOffset = this.offset;
    for (const fields of this.central) await this.write(centralDirectoryHeader(fields));
    const directorySize = this.offset - directoryOffset;
    assertFits('central directory offset', directoryOffset, 'the archive');
    const comment = Buffer.from(this.options.comment, 'utf8');
    if (this.central.length >= MAX_UINT16) {
      await this.write(
        zip64EndOfCentralDirectory(
          this.central.length,
          directorySize,
          directoryOffset,
          this.offset,
        ),
      );
    }
    await this.write(
      endOfCentralDirectory(this.central.length, directorySize, directoryOffset, comment),
    );
    const closed = this.ownsStream ? once(this.out, 'close') : null;
    this.out.end();
    await finished(this.out, { readable: false });
    if (closed) await closed;
    if (this.failure) throw this.failure;
    return { bytes: this.offset, entries: this.central.length };
  }

  private async writeEntry(
    name: string,
    data: ZipEntryData,
    options: ZipEntryOptions,
  ): Promise<ZipEntryResult> {
    const nameBytes = Buffer.from(name, 'utf8');
    const method = options.method ?? this.options.method;
    const level = options.level ?? this.options.level;
    const lyingMethod = options.methodNumber !== undefined && options.methodNumber !== 8;
    const deflate = method === 'deflate' && options.raw !== true && !lyingMethod;
    const whole = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const streamed = !Buffer.isBuffer(whole) || options.dataDescriptor === true;
    const { time, date } = toDosDateTime(options.modifiedAt ?? this.options.modifiedAt);
    const localHeaderOffset = this.offset;
    assertFits('local header offset', localHeaderOffset, name);

    let flags = streamed ? FLAG_DATA_DESCRIPTOR : 0;
    if (/[^\x20-\x7e]/.test(name)) flags |= FLAG_UTF8_NAME;
    if (options.encryptedFlag) flags |= FLAG_ENCRYPTED;
    const methodNumber = options.methodNumber ?? (method === 'store' ? 0 : 8);
    const header = {
      name: nameBytes,
      versionNeeded: methodNumber === 0 && !streamed ? 10 : 20,
      flags,
      method: methodNumber,
      dosTime: time,
      dosDate: date,
    };

    let actual: { crc: number; compressedSize: number; uncompressedSize: number };
    if (!streamed && Buffer.isBuffer(whole)) {
      const stored = deflate ? await deflateRawAsync(whole, { level }) : whole;
      actual = {
        crc: options.raw ? 0 : crc32(whole),
        compressedSize: stored.length,
        uncompressedSize: whole.length,
      };
      await this.write(localFileHeader({ ...header, ...declared(actual, options) }));
      await this.write(stored);
    } else {
      const zero = { crc: 0, compressedSize: 0, uncompressedSize: 0 };
      await this.write(localFileHeader({ ...header, ...zero }));
      const source = whole as Iterable<Buffer> | AsyncIterable<Buffer>;
      actual = await pumpEntryData(source, deflate ? level : null, (chunk) => this.write(chunk));
      if (options.raw) actual.crc = 0;
    }
    assertFits('compressed size', actual.compressedSize, name);
    assertFits('uncompressed size', actual.uncompressedSize, name);
    const written = declared(actual, options);
    if (streamed) {
      await this.write(
        dataDescriptor(written.crc, written.compressedSize, written.uncompressedSize),
      );
    }
    const isDirectory = name.endsWith('/');
    const mode = options.unixMode ?? (isDirectory ? DIRECTORY_MODE : REGULAR_FILE_MODE);
    this.central.push({
      ...header,
      ...written,
      versionMadeBy: VERSION_MADE_BY_UNIX,
      externalAttributes: ((mode << 16) | (isDirectory ? DOS_DIRECTORY_ATTRIBUTE : 0)) >>> 0,
      localHeaderOffset,
    });
    return { name, ...actual, localHeaderOffset };
  }

  private async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

function declared(
  actual: { crc: number; compressedSize: number; uncompressedSize: number },
  options: ZipEntryOptions,
): { crc: number; compressedSize: number; uncompressedSize: number } {
  return {
    crc: options.declaredCrc ?? actual.crc,
    compressedSize: options.declaredCompressedSize ?? actual.compressedSize,
    uncompressedSize: options.declaredUncompressedSize ?? actual.uncompressedSize,
  };
}
