/**
 * `values` scaled to length 1, as float32. `null` when it cannot be: a zero vector or one
 * holding NaN or infinity (pgvector refuses those, and cosine distance needs a length).
 */
export function toUnitVector(values: ArrayLike<number>): Float32Array | null {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    sum += v * v;
  }
  if (!(sum > 0 && Number.isFinite(sum))) return null;
  const scale = 1 / Math.sqrt(sum);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * scale;
  return out;
}
