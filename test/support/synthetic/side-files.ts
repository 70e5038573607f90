import { crc32, deflateSync } from 'node:zlib';
import type { AccountWorld, AssetFile } from './account-world.js';

/** The small non-conversation files of an export (user, settings, manifest, viewer, assets). */

export function userJson(world: AccountWorld): string {
  return JSON.stringify({
    id: world.userId,
    email: 'export-owner@example.com',
    chatgpt_plus_user: true,
    phone_number: null,
  });
}

export function userSettingsJson(world: AccountWorld): string {
  return JSON.stringify({
    user_id: world.userId,
    settings: {
      training_allowed: false,
      memory_enabled: true,
      custom_instructions_enabled: true,
      show_followup_suggestions: true,
      voice_name: 'ember',
      locale: 'en-GB',
    },
  });
}

export function messageFeedbackJson(conversationIds: string[], world: AccountWorld): string {
  return JSON.stringify(
    conversationIds.map((conversationId, i) => ({
      id: `feedback-${i + 1}`,
      conversation_id: conversationId,
      user_id: world.userId,
      rating: i % 3 === 2 ? 'thumbsDown' : 'thumbsUp',
      create_time: null,
      workspace_id: null,
      content: '{}',
      storage_protocol: 'zstd::1.5.5',
    })),
  );
}

export function exportManifestJson(
  shards: Array<{ file: string; conversations: number; bytes: number }>,
  assets: string[],
): string {
  return JSON.stringify({
    layout: { version: 1 },
    conversations: {
      logical_file: 'conversations.json',
      shards: shards.map((shard) => ({
        file: shard.file,
        count: shard.conversations,
        bytes: shard.bytes,
      })),
    },
    assets: { map_file: 'conversation_asset_file_names.json', files: assets },
  });
}

export function assetNamesJson(assets: AssetFile[]): string {
  const map: Record<string, string> = {};
  for (const asset of assets) map[`${asset.id}.dat`] = asset.originalName;
  return JSON.stringify(map);
}

/** A tiny viewer page; real ones embed the whole export, this one only titles. */
export function chatHtml(titles: Array<{ id: string; title: string | null }>): string {
  const data = JSON.stringify(titles.map((t) => ({ id: t.id, title: t.title, mapping: {} })));
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>ChatGPT Data Export</title></head>\n<body><div id="root"></div>\n<script>\nvar jsonData = ${data};\ndocument.getElementById('root').textContent = jsonData.length + ' conversations';\n</script>\n</body></html>\n`;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid 2x2 PNG, so magic-byte sniffing and decoders both work. */
function tinyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A RIFF container with the given form type and one chunk. */
function riff(form: string, chunkType: string, chunk: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + 8 + chunk.length, 4);
  head.write(form, 8, 'latin1');
  const chunkHead = Buffer.alloc(8);
  chunkHead.write(chunkType, 0, 'latin1');
  chunkHead.writeUInt32LE(chunk.length, 4);
  return Buffer.concat([head, chunkHead, chunk]);
}

/** Bytes of an asset blob, typed only by its magic bytes as in real `.dat` files. */
export function assetBytes(asset: AssetFile): Buffer {
  if (asset.kind === 'png') return tinyPng();
  if (asset.kind === 'webp') return riff('WEBP', 'VP8 ', Buffer.alloc(16));
  const format = Buffer.alloc(16);
  format.writeUInt16LE(1, 0); // PCM
  format.writeUInt16LE(1, 2); // mono
  format.writeUInt32LE(8000, 4);
  format.writeUInt32LE(16000, 8);
  format.writeUInt16LE(2, 12);
  format.writeUInt16LE(16, 14);
  return riff('WAVE', 'fmt ', format);
}

/** An AppleDouble `._name` file as macOS Archive Utility leaves under `__MACOSX/`. */
export function appleDouble(): Buffer {
  const bytes = Buffer.alloc(82);
  bytes.writeUInt32BE(0x00051607, 0);
  bytes.writeUInt32BE(0x00020000, 4);
  bytes.write('Mac OS X        ', 8, 'latin1');
  bytes.writeUInt16BE(1, 24);
  bytes.writeUInt32BE(2, 26); // resource fork entry
  bytes.writeUInt32BE(50, 30);
  bytes.writeUInt32BE(32, 34);
  return bytes;
}
