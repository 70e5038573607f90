import type { Embedding } from './vector-param.js';

/**
 * pgvector's binary wire format (what `vector_recv` reads): int16 dimensions, int16 unused,
 * then big-endian float32 components. PGlite binds a Uint8Array parameter in binary, which skips
 * pgvector's text parser; under WebAssembly that parser costs about 3 ms per 1024-dimension
 * vector, the binary path about 0.04 ms (bench/db.ts).
 */
export function encodeVectorBinary(value: Embedding): Uint8Array {
  const bytes = new Uint8Array(4 + value.length * 4);
  writeVector(new DataView(bytes.buffer), 0, value);
  return bytes;
}

/**
 * A one-dimensional `vector[]` in Postgres's binary array format (what `array_recv` reads):
 * ndim, has-nulls flag, element type oid, length, lower bound, then each element as an int32
 * byte length (-1 for NULL) followed by its binary value.
 */
export function encodeVectorArrayBinary(
  values: readonly (Embedding | null)[],
  vectorTypeOid: number,
): Uint8Array {
  let size = 20;
  let hasNulls = 0;
  for (const value of values) {
    if (value == null) hasNulls = 1;
    size += 4 + (value == null ? 0 : 4 + value.length * 4);
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 1); // ndim
  view.setInt32(4, hasNulls);
  view.setUint32(8, vectorTypeOid);
  view.setInt32(12, values.length);
  view.setInt32(16, 1); // lower bound
  let offset = 20;
  for (const value of values) {
    if (value == null) {
      view.setInt32(offset, -1);
      offset += 4;
      continue;
    }
    view.setInt32(offset, 4 + value.length * 4);
    offset = writeVector(view, offset + 4, value);
  }
  return bytes;
}

/** Writes one vector's binary value at `start`; returns the offset after it. */
export function writeVector(view: DataView, start: number, value: Embedding): number {
  if (value.length > 16_000) {
    throw new RangeError(`An embedding has ${value.length} dimensions; pgvector allows 16000.`);
  }
  view.setInt16(start, value.length);
  view.setInt16(start + 2, 0);
  let offset = start + 4;
  for (let i = 0; i < value.length; i++) {
    const component = value[i] as number;
    if (!Number.isFinite(component)) {
      throw new RangeError(
        `Embedding component ${i} is ${component}; vectors need finite numbers.`,
      );
    }
    view.setFloat32(offset, component);
    offset += 4;
  }
  return offset;
}
