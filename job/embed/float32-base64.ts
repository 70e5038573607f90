const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The float32s of an embedding sent as `encoding_format: "base64"` (OpenAI and compatible
 * servers: the vector's little-endian float32 bytes, base64-encoded; a quarter of the JSON
 * text, decoded without parsing a thousand decimal numbers). Null when `text` is not base64 of
 * whole float32s.
 */
export function float32FromBase64(text: string): Float32Array | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
