import { cleanCitations } from './clean-citations.js';
import { isPlainObject } from './conversation-schema.js';

/**
 * The visible text of one message, per content type (reference §2.6):
 * - `text`: its string parts (or its `text` field);
 * - `multimodal_text`: string parts, object parts' `text`, and `audio_transcription` text (a
 *   voice chat has no other text); images become `[image]` (`[image: <prompt or file name>]`
 *   when the export names it), real video `[video]`. Audio recordings and audio-only
 *   "real-time" pointers add nothing: their words are in the transcript, and a turn with
 *   nothing but pointers is not a message;
 * - other types: their `text` field or string parts.
 * User attachments become `[image: name]` / `[file: name]` unless an image part already stands
 * for them. Citation markup is removed. Counts each part type seen into `partTypes`.
 */
export function messageText(
  content: Record<string, unknown>,
  metadata: Record<string, unknown> | null | undefined,
  partTypes: Record<string, number>,
): string {
  const parts = Array.isArray(content.parts) ? content.parts : null;
  // The common case, a plain text turn with one part and no attachments, without arrays.
  if (parts?.length === 1 && typeof parts[0] === 'string' && !metadata?.attachments) {
    return cleanCitations(parts[0]).trim();
  }
  const pieces: string[] = [];
  const images: number[] = [];
  if (parts) {
    collectParts(parts, pieces, images, partTypes);
  } else if (typeof content.text === 'string') {
    pieces.push(content.text);
  }
  const attachments = metadata?.attachments;
  if (Array.isArray(attachments)) collectAttachments(attachments, pieces, images);
  const joined = pieces.length === 1 ? pieces[0]! : pieces.join('\n');
  return cleanCitations(joined).trim();
}

function collectParts(
  parts: unknown[],
  pieces: string[],
  images: number[],
  partTypes: Record<string, number>,
): void {
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part.length > 0) pieces.push(part);
      continue;
    }
    if (!isPlainObject(part)) continue;
    const type = typeof part.content_type === 'string' ? part.content_type : 'unknown';
    partTypes[type] = (partTypes[type] ?? 0) + 1;
    switch (type) {
      case 'audio_transcription':
        if (typeof part.text === 'string' && part.text.length > 0) pieces.push(part.text);
        break;
      case 'image_asset_pointer':
        images.push(pieces.push(imagePlaceholder(part)) - 1);
        break;
      case 'audio_asset_pointer':
        break;
      case 'real_time_user_audio_video_asset_pointer':
        if (hasVideo(part)) pieces.push('[video]');
        break;
      default:
        if (typeof part.text === 'string' && part.text.length > 0) pieces.push(part.text);
    }
  }
}

/** `[image]`, or `[image: prompt]` for a generated image whose prompt the export kept. */
export function imagePlaceholder(part: Record<string, unknown>): string {
  const dalle = isPlainObject(part.metadata) ? part.metadata.dalle : null;
  const prompt = isPlainObject(dalle) && typeof dalle.prompt === 'string' ? dalle.prompt : '';
  return prompt.trim() ? `[image: ${oneLine(prompt, 300)}]` : '[image]';
}

/** A voice-mode pointer is video only when it carries frames or a video container. */
function hasVideo(part: Record<string, unknown>): boolean {
  const frames = part.frames_asset_pointers;
  return (
    (Array.isArray(frames) && frames.length > 0) ||
    isPlainObject(part.video_container_asset_pointer) ||
    part.real_time_audio_has_video === true
  );
}

/**
 * Image attachments name the image parts they belong to, in order (`[image]` → `[image: a.png]`);
 * image attachments without a part (an image-only turn whose parts are missing) and other files
 * are added as placeholders of their own.
 */
function collectAttachments(attachments: unknown[], pieces: string[], images: number[]): void {
  let nextImage = 0;
  for (const attachment of attachments) {
    if (!isPlainObject(attachment)) continue;
    const mime = attachment.mime_type ?? attachment.mimeType;
    const name =
      typeof attachment.name === 'string' && attachment.name.trim()
        ? oneLine(attachment.name, 200)
        : null;
    if (typeof mime === 'string' && mime.startsWith('image/')) {
      const at = images[nextImage++];
      const label = name ? `[image: ${name}]` : '[image]';
      if (at === undefined) pieces.push(label);
      else if (pieces[at] === '[image]') pieces[at] = label;
      continue;
    }
    pieces.push(`[file: ${name ?? 'attachment'}]`);
  }
}

/** Text for a one-line placeholder: whitespace runs become one space, cut to `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
