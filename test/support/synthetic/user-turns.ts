import type { AssetFile } from './account-world.js';
import type { ConversationContext, JsonObject } from './conversation-context.js';
import { message, textContent, userMetadata } from './message-factory.js';
import type { TreeBuilder } from './tree-builder.js';

const DOCUMENTS = [
  ['quarterly-report.pdf', 'application/pdf'],
  ['notes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['data.csv', 'text/csv'],
  ['budget.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['main.ts', 'video/mp2t'],
] as const;

/** Client-made ids of older exports start with `aaa`. */
function userMessageId(ctx: ConversationContext): string {
  const id = ctx.rng.uuid();
  return ctx.year <= 2024 ? `aaa2${id.slice(4)}` : id;
}

function addUser(
  tree: TreeBuilder,
  ctx: ConversationContext,
  content: JsonObject,
  extra: JsonObject = {},
): string {
  const id = userMessageId(ctx);
  const time = ctx.clock.tick(90);
  tree.add(
    id,
    message({ id, role: 'user', content, time, metadata: userMetadata(ctx, extra) }),
    'user',
  );
  return id;
}

export function addUserText(tree: TreeBuilder, ctx: ConversationContext, text: string): string {
  return addUser(tree, ctx, textContent(text));
}

export function imagePart(ctx: ConversationContext, asset: AssetFile | null): JsonObject {
  const pointer = asset
    ? `file-service://${asset.id}`
    : ctx.year >= 2025
      ? `sediment://file_${ctx.rng.hex(16)}`
      : `file-service://file-${ctx.rng.base62(22)}`;
  const width = ctx.rng.pick([640, 1024, 1179, 1536]);
  const height = ctx.rng.pick([480, 768, 1024, 2556]);
  return {
    content_type: 'image_asset_pointer',
    asset_pointer: pointer,
    size_bytes: ctx.rng.int(40_000, 900_000),
    width,
    height,
    fovea: null,
    metadata: {
      dalle: null,
      gizmo: null,
      generation: null,
      container_pixel_height: null,
      container_pixel_width: null,
      emu_omit_glimpse_image: null,
      emu_patches_override: null,
      sanitized: true,
      asset_pointer_link: null,
      watermarked_asset_pointer: null,
    },
  };
}

/** A user turn with an uploaded image; `text` may be empty (image-only turn). */
export function addUserImage(
  tree: TreeBuilder,
  ctx: ConversationContext,
  text: string,
  asset: AssetFile | null,
): string {
  const parts: unknown[] = [imagePart(ctx, asset)];
  if (text !== '' || ctx.rng.chance(0.5)) parts.push(text);
  const attachment = {
    id: String((parts[0] as JsonObject).asset_pointer).replace(/^.*:\/\//, ''),
    name: asset?.originalName ?? 'image.png',
    size: (parts[0] as JsonObject).size_bytes,
    mime_type: 'image/png',
  };
  return addUser(
    tree,
    ctx,
    { content_type: 'multimodal_text', parts },
    { attachments: [attachment] },
  );
}

/** A user turn with uploaded documents listed in `metadata.attachments` (snake or camel case). */
export function addUserWithAttachments(
  tree: TreeBuilder,
  ctx: ConversationContext,
  text: string,
): string {
  const count = ctx.rng.int(1, 3);
  const attachments: JsonObject[] = [];
  for (let i = 0; i < count; i++) {
    const [name, mime] = ctx.rng.pick(DOCUMENTS);
    const id = `file-${ctx.rng.base62(22)}`;
    const size = ctx.rng.int(2_000, 4_000_000);
    attachments.push(
      ctx.rng.chance(0.2)
        ? { id, name, size, mimeType: mime, fileSizeTokens: Math.floor(size / 6) }
        : {
            id,
            name,
            size,
            mime_type: mime,
            file_token_size: Math.floor(size / 6),
            source: 'local',
          },
    );
  }
  return addUser(tree, ctx, textContent(text), { attachments });
}

export function audioPart(ctx: ConversationContext, seconds: number): JsonObject {
  return {
    content_type: 'audio_asset_pointer',
    asset_pointer: `sediment://file_${ctx.rng.hex(16)}`,
    size_bytes: Math.floor(seconds * 48_000),
    format: 'wav',
    expiry_datetime: null,
    metadata: {
      start_timestamp: null,
      end_timestamp: null,
      pretokenized_vq: null,
      interruptions: null,
      original_audio_source: null,
      transcription: null,
      word_transcription: null,
      start: 0,
      end: seconds,
    },
  };
}

/** A spoken user turn: the only text is the transcription part. */
export function addUserVoice(tree: TreeBuilder, ctx: ConversationContext, text: string): string {
  const parts = [
    { content_type: 'audio_transcription', text, direction: 'in', decoding_id: null },
    audioPart(ctx, Math.round(ctx.rng.float(2, 30) * 100) / 100),
  ];
  return addUser(
    tree,
    ctx,
    { content_type: 'multimodal_text', parts },
    { voice_mode_message: true, dictation: false },
  );
}
