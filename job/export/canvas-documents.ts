import { isPlainObject, type RawMessage } from './conversation-schema.js';
import { oneLine } from './message-text.js';
import { applyTextPatch, MAX_DOCUMENT_CHARS } from './text-patch.js';
import { fence } from './tool-results.js';
import type { NormalizedMessage } from './types.js';

/**
 * Canvas documents of one conversation (reference §2.6, §2.8). ChatGPT writes a canvas as an
 * assistant message to `canmore.create_textdoc` whose payload is `{name, type, content}` (JSON
 * text in a `code` message, or an object part); later `canmore.update_textdoc` messages patch it
 * with `{updates: [{pattern, multiple, replacement}]}`. The document is kept as the assistant's
 * text of the turn that created it, as the person last saw it: edits are applied to that text
 * where they apply, and one that does not (or is unsafe to run) is skipped and counted.
 */

const MAX_EDITS_PER_CONVERSATION = 500;

interface CanvasDocument {
  name: string;
  type: string;
  content: string;
  /** The text it is rendered as, and the message holding that text once placed. */
  rendered: string;
  holder: NormalizedMessage | null;
}

export class CanvasDocuments {
  private readonly documents: CanvasDocument[] = [];
  private edits = 0;
  skippedEdits = 0;

  /** True for the messages this class handles (creations and edits, not comments). */
  handles(message: RawMessage): boolean {
    return (
      message.recipient === 'canmore.create_textdoc' ||
      message.recipient === 'canmore.update_textdoc'
    );
  }

  /**
   * A creation: the document's rendered text (the caller keeps it as assistant text and then
   * calls `placed`). An edit: applied to the newest document; returns null.
   */
  read(message: RawMessage): string | null {
    const payload = payloadOf(message.content);
    if (!payload) return null;
    if (message.recipient === 'canmore.create_textdoc') return this.create(payload);
    this.update(payload);
    return null;
  }

  /** The message that now holds the text `read` returned (it may be merged into a longer one). */
  placed(holder: NormalizedMessage): void {
    const latest = this.documents[this.documents.length - 1];
    if (latest && latest.holder === null) latest.holder = holder;
  }

  private create(payload: Record<string, unknown>): string | null {
    if (typeof payload.content !== 'string') return null;
    const name = typeof payload.name === 'string' ? oneLine(payload.name, 120) : '';
    const type = typeof payload.type === 'string' ? payload.type : 'document';
    const content = payload.content.slice(0, MAX_DOCUMENT_CHARS);
    const rendered = render(name, type, content);
    this.documents.push({ name, type, content, rendered, holder: null });
    return rendered;
  }

  private update(payload: Record<string, unknown>): void {
    const updates = Array.isArray(payload.updates) ? payload.updates : [];
    const target = this.documents[this.documents.length - 1];
    for (const update of updates) {
      this.edits++;
      const patch = isPlainObject(update) ? patchOf(update) : null;
      const next =
        target && patch && this.edits <= MAX_EDITS_PER_CONVERSATION
          ? applyTextPatch(target.content, patch)
          : null;
      if (next === null) {
        this.skippedEdits++;
        continue;
      }
      target!.content = next;
    }
    if (target) this.rerender(target);
  }

  private rerender(document: CanvasDocument): void {
    const rendered = render(document.name, document.type, document.content);
    const holder = document.holder;
    if (holder) {
      const at = holder.text.indexOf(document.rendered);
      if (at !== -1) {
        holder.text =
          holder.text.slice(0, at) + rendered + holder.text.slice(at + document.rendered.length);
      }
    }
    document.rendered = rendered;
  }
}

/** The payload of a canvas message: JSON text (code message, or a string part) or an object part. */
function payloadOf(
  content: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (!content) return null;
  const parts = Array.isArray(content.parts) ? content.parts : [];
  const first = parts[0];
  if (isPlainObject(first)) return first;
  const text =
    typeof content.text === 'string' ? content.text : typeof first === 'string' ? first : null;
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isPlainObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function patchOf(update: Record<string, unknown>) {
  if (typeof update.pattern !== 'string' || typeof update.replacement !== 'string') return null;
  return {
    pattern: update.pattern,
    replacement: update.replacement,
    multiple: update.multiple === true,
  };
}

/** `### name` and the content; code (`type: "code/python"`) fenced with its language. */
function render(name: string, type: string, content: string): string {
  const body = type.startsWith('code/')
    ? fence(content, type.slice('code/'.length))
    : content.trim();
  return name ? `### ${name}\n\n${body}` : body;
}
