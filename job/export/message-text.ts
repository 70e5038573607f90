import { cleanCitations } from './clean-citations.js';
import { isPlainObject } from './conversation-schema.js';

/**
 * The visible text of one message, per content type (reference §2.6):
 * - `text`: its string parts;
 * - `multimodal_text`: string parts, object parts' `text`, and `audio_transcription` text (a
 *   voice chat has no other text); images, audio and video become short placeholders;
 * - other types: their `text` field or string parts.
 * User attachments that are not images (they already have an image part) become `[file: name]`.
 * Citation markup is removed. Counts each part type seen into `partTypes`.
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
  if (parts) {
    collectParts(parts, pieces, partTypes);
  } else if (typeof content.text === 'string') {
    pieces.push(content.text);
  }
  const attachments = metadata?.attachments;
  if (Array.isArray(attachments)) collectAttachments(attachments, pieces);
  const joined = pieces.length === 1 ? pieces[0]! : pieces.join('\n');
  return cleanCitations(joined).trim();
}

function collectParts(parts: unknown[], pieces: string[], partTypes: Record<string, number>): void {
  let transcribed = false;
  let audioPlaceholder = -1;
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
        transcribed = true;
        if (typeof part.text === 'string' && part.text.length > 0) pieces.push(part.text);
        break;
      case 'image_asset_pointer':
        pieces.push('[image]');
        break;
      case 'audio_asset_pointer':
        if (audioPlaceholder === -1) audioPlaceholder = pieces.push('[audio]') - 1;
        break;
      case 'real_time_user_audio_video_asset_pointer':
        pieces.push('[video]');
        break;
      default:
        if (typeof part.text === 'string' && part.text.length > 0) pieces.push(part.text);
    }
  }
  // A voice turn carries both the recording and its transcript: the transcript is the content.
  if (transcribed && audioPlaceholder !== -1) pieces.splice(audioPlaceholder, 1);
}

function collectAttachments(attachments: unknown[], pieces: string[]): void {
  for (const attachment of attachments) {
    if (!isPlainObject(attachment)) continue;
    const mime = attachment.mime_type ?? attachment.mimeType;
    if (typeof mime === 'string' && mime.startsWith('image/')) continue;
    const name =
      typeof attachment.name === 'string' && attachment.name ? attachment.name : 'attachment';
    pieces.push(`[file: ${name}]`);
  }
}
