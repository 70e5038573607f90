import { writeVector } from './encode-vector-binary.js';
import type { Embedding } from './vector-param.js';

/**
 * Rows in Postgres's binary COPY format (`COPY ... FROM STDIN (FORMAT binary)`): a signature
 * and two int32 words, then per row an int16 field count and per field an int32 byte length
 * (-1 for NULL) and the type's binary value (what its `recv` function reads), then an int16
 * -1. The server parses nothing as text, so a 1024-dimension vector costs a 4 KB copy instead
 * of formatting and parsing ~10 KB of digits.
 *
 * Values are written in the order of the COPY's column list, one `row()` call per row. Bytes
 * go into 1 MB pages; `bytes` says how many so far, so a writer can cut transactions by size.
 */
export class CopyBinaryWriter {
  private readonly pages: Uint8Array[] = [];
  private page: Buffer;
  private view: DataView;
  private at = 0;
  private written = 0;
  private rowCount = 0;

  constructor(private readonly pageBytes = 1 << 20) {
    this.page = Buffer.allocUnsafe(pageBytes);
    this.view = new DataView(this.page.buffer, this.page.byteOffset, this.page.byteLength);
    this.reserve(19);
    this.page.set(SIGNATURE, 0);
    this.view.setInt32(11, 0); // flags: no OIDs
    this.view.setInt32(15, 0); // header extension length
    this.at = 19;
  }

  /** Bytes written so far (the trailer's 2 not counted). */
  get bytes(): number {
    return this.written + this.at;
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Starts a row of `fields` values. */
  row(fields: number): this {
    this.reserve(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
    this.rowCount++;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
    return this;
  }

  /** `text` (UTF-8; the server still checks the encoding and refuses NUL characters). */
  text(value: string | null): this {
    if (value === null) return this.null();
    this.reserve(4 + value.length * 3);
    const length = this.page.write(value, this.at + 4, 'utf8');
    this.view.setInt32(this.at, length);
    this.at += 4 + length;
    return this;
  }

  /** `uuid` from its canonical text form. */
  /** jsonb's binary form: version 1, then the JSON text. */
  jsonb(value: unknown): this {
    const json = JSON.stringify(value);
    this.reserve(5 + json.length * 3);
    const length = this.page.write(json, this.at + 5, 'utf8');
    this.view.setInt32(this.at, length + 1);
    this.page[this.at + 4] = 1;
    this.at += 5 + length;
    return this;
  }

  uuid(value: string): this {
    if (!UUID.test(value)) throw new RangeError(`"${value}" is not a UUID.`);
    this.reserve(20);
    this.view.setInt32(this.at, 16);
    this.page.write(value.replaceAll('-', ''), this.at + 4, 'hex');
    this.at += 20;
    return this;
  }

  int4(value: number): this {
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
      throw new RangeError(`${value} is not a 32-bit integer.`);
    }
    this.reserve(8);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
    return this;
  }

  float4(value: number | null): this {
    if (value === null) return this.null();
    this.reserve(8);
    this.view.setInt32(this.at, 4);
    this.view.setFloat32(this.at + 4, value);
    this.at += 8;
    return this;
  }

  bool(value: boolean): this {
    this.reserve(5);
    this.view.setInt32(this.at, 1);
    this.page[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  /** `timestamptz` from epoch milliseconds or a Date: int64 microseconds since 2000-01-01 UTC. */
  timestamptz(value: Date | number | null): this {
    if (value === null) return this.null();
    const ms = typeof value === 'number' ? value : value.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('A timestamp is not a valid time.');
    this.reserve(12);
    this.view.setInt32(this.at, 8);
    this.view.setBigInt64(this.at + 4, BigInt(Math.round((ms - POSTGRES_EPOCH_MS) * 1000)));
    this.at += 12;
    return this;
  }

  /** pgvector's `vector` (what `vector_recv` reads): int16 dimensions, int16 0, float32s. */
  vector(value: Embedding | null | undefined): this {
    if (value == null) return this.null();
    const size = 4 + value.length * 4;
    this.reserve(4 + size);
    this.view.setInt32(this.at, size);
    this.at = writeVector(this.view, this.at + 4, value);
    return this;
  }

  /** The whole stream, trailer included. The writer is spent afterwards. */
  finish(): Uint8Array[] {
    this.reserve(2);
    this.view.setInt16(this.at, -1);
    this.at += 2;
    this.pages.push(this.page.subarray(0, this.at));
    return this.pages;
  }

  /** Makes room for `size` more bytes, starting a new page (at least `size` long) if needed. */
  private reserve(size: number): void {
    if (this.at + size <= this.page.length) return;
    if (this.at > 0) {
      this.pages.push(this.page.subarray(0, this.at));
      this.written += this.at;
    }
    this.page = Buffer.allocUnsafe(Math.max(this.pageBytes, size));
    this.view = new DataView(this.page.buffer, this.page.byteOffset, this.page.byteLength);
    this.at = 0;
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** 2000-01-01T00:00:00Z, where Postgres counts timestamps from. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
