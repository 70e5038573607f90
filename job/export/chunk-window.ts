/**
 * The chunks of one file that may still hold bytes of elements not yet handed on, addressed by
 * stream offset. Used with split-service.ts, which reports element boundaries as offsets.
 */
export class ChunkWindow {
  private readonly chunks: Array<{ start: number; bytes: Buffer }> = [];
  private end = 0;

  append(bytes: Buffer): void {
    this.chunks.push({ start: this.end, bytes });
    this.end += bytes.length;
  }

  /** The bytes at [offset, offset + size): a view when they lie in one chunk, else a copy. */
  slice(offset: number, size: number): Buffer {
    const parts: Buffer[] = [];
    let from = offset;
    const to = offset + size;
    for (const { start, bytes } of this.chunks) {
      const chunkEnd = start + bytes.length;
      if (chunkEnd <= from) continue;
      if (start >= to) break;
      parts.push(bytes.subarray(from - start, Math.min(to, chunkEnd) - start));
      from = Math.min(to, chunkEnd);
    }
    if (from !== to) throw new Error(`bytes ${offset}..${to} are no longer held`);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Drops chunks that end before `offset`. */
  release(offset: number): void {
    while (this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.start + first.bytes.length > offset) return;
      this.chunks.shift();
    }
  }
}
