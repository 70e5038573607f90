import { cleanCitations } from './clean-citations.js';
import { isPlainObject, type RawMessage } from './conversation-schema.js';
import { imagePlaceholder, oneLine } from './message-text.js';

/**
 * What a person saw of ChatGPT's tools, as assistant text (reference §2.6, §2.7): generated
 * images, quoted sources, Code Interpreter code and its output. Everything else a tool sends
 * (search results, memory acknowledgements, status lines, scraped pages) is model-facing and
 * dropped by the caller. Long tool text is cut: it is evidence of what happened, not the
 * person's own words.
 */

const QUOTE_CHARS = 600;
const OUTPUT_CHARS = 2000;
const CODE_CHARS = 4000;
/** Languages the code-message `language` field uses for things that are not code to show. */
const NOT_CODE = new Set(['', 'unknown', 'json', 'text', 'plaintext']);

/**
 * The visible part of a `tool` message, or null when it has none: its images (a tool message
 * with image parts is an image-generation result), a `tether_quote`, or the output of the python
 * tool.
 */
export function toolResultText(
  message: RawMessage,
  partTypes: Record<string, number>,
): string | null {
  const content = message.content;
  if (!content) return null;
  const type = content.content_type;
  if (type === 'tether_quote') return quotedSource(content);
  if (type === 'execution_output') {
    return message.author.name === 'python' ? executionOutput(content, message.metadata) : null;
  }
  return generatedImages(content, partTypes);
}

/** The `[image]` placeholders of a message's image parts (its text is the model's status line). */
function generatedImages(
  content: Record<string, unknown>,
  partTypes: Record<string, number>,
): string | null {
  if (!Array.isArray(content.parts)) return null;
  const images: string[] = [];
  for (const part of content.parts) {
    if (!isPlainObject(part) || part.content_type !== 'image_asset_pointer') continue;
    partTypes.image_asset_pointer = (partTypes.image_asset_pointer ?? 0) + 1;
    images.push(imagePlaceholder(part));
  }
  return images.length > 0 ? images.join('\n') : null;
}

/** `[source: Title — https://…]` and the quoted text, cut to a few sentences. */
export function quotedSource(content: Record<string, unknown>): string | null {
  const text = typeof content.text === 'string' ? cleanCitations(content.text).trim() : '';
  const title = typeof content.title === 'string' ? oneLine(content.title, 200) : '';
  const domain = typeof content.domain === 'string' ? oneLine(content.domain, 200) : '';
  const url =
    typeof content.url === 'string' && /^https?:\/\//i.test(content.url)
      ? oneLine(content.url, 500)
      : '';
  const name = title || domain;
  const label = name && url ? `${name} — ${url}` : name || url;
  if (!text && !label) return null;
  const quote = text ? cut(text, QUOTE_CHARS).replace(/^/gm, '> ') : '';
  return label ? `[source: ${label}]${quote ? `\n${quote}` : ''}` : quote;
}

/** Python output in a fenced block; plots (`<<ImageDisplayed>>`) become `[image]`. */
function executionOutput(
  content: Record<string, unknown>,
  metadata: Record<string, unknown> | null | undefined,
): string | null {
  const raw =
    typeof content.text === 'string'
      ? content.text
      : typeof content.result === 'string'
        ? content.result
        : '';
  const images = imageCount(metadata);
  const text = raw.replaceAll('<<ImageDisplayed>>', '').trim();
  const pieces: string[] = [];
  if (text) pieces.push(fence(cut(text, OUTPUT_CHARS), ''));
  const shown = Math.max(images, raw.includes('<<ImageDisplayed>>') ? 1 : 0);
  for (let i = 0; i < shown; i++) pieces.push('[image]');
  return pieces.length > 0 ? pieces.join('\n') : null;
}

function imageCount(metadata: Record<string, unknown> | null | undefined): number {
  const result = metadata?.aggregate_result;
  if (!isPlainObject(result) || !Array.isArray(result.messages)) return 0;
  return result.messages.filter((m) => isPlainObject(m) && m.message_type === 'image').length;
}

/**
 * The code of an assistant `code` message the person could open in the chat: addressed to the
 * python tool, or unaddressed with a programming language. Code addressed to other tools
 * (browser searches, web.run JSON) or to `all` is a tool call, not shown.
 */
export function shownCode(message: RawMessage): string | null {
  const content = message.content;
  if (content?.content_type !== 'code') return null;
  const language = typeof content.language === 'string' ? content.language.toLowerCase() : '';
  const toPython = message.recipient === 'python';
  if (!toPython && (message.recipient != null || NOT_CODE.has(language))) return null;
  const text = typeof content.text === 'string' ? content.text.replaceAll('\r\n', '\n').trim() : '';
  if (!text) return null;
  return fence(cut(text, CODE_CHARS), NOT_CODE.has(language) ? 'python' : language);
}

/** A fenced block that its own content cannot close early (longer than its longest ``` run). */
export function fence(text: string, language: string): string {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${language.replace(/[^\w+#.-]/g, '').slice(0, 40)}\n${text}\n${ticks}`;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
