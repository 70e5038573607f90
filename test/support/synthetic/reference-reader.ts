/**
 * A deliberately small, independent reading of an export conversation, used by the generator's
 * tests to check the ground truth against the documented rules (not against the generator code).
 */

type Json = Record<string, unknown>;

/** Node ids from the root to `current_node`, following `parent`; throws on a cycle or dangling id. */
export function activeBranch(conversation: Json): string[] {
  const mapping = conversation.mapping as Record<string, Json>;
  const path: string[] = [];
  const seen = new Set<string>();
  for (let id = conversation.current_node as string | null; id !== null; ) {
    const node = mapping[id];
    if (!node) throw new Error(`node ${id} is not in mapping`);
    if (seen.has(id)) throw new Error(`cycle at ${id}`);
    seen.add(id);
    path.push(id);
    id = (node.parent as string | null | undefined) ?? null;
  }
  return path.reverse();
}

/** Visible text of a message: string parts, transcription texts; media counts as "[media]". */
export function messageText(message: Json): string {
  const content = (message.content ?? {}) as Json;
  if (content.content_type !== 'text' && content.content_type !== 'multimodal_text') return '';
  const pieces: string[] = [];
  for (const part of (content.parts as unknown[] | undefined) ?? []) {
    if (typeof part === 'string') pieces.push(part);
    else if (part && typeof part === 'object') {
      const typed = part as Json;
      if (typed.content_type === 'audio_transcription') pieces.push(String(typed.text));
      else if (typed.content_type === 'image_asset_pointer') pieces.push('[media]');
    }
  }
  return pieces.filter((piece) => piece !== '').join('\n');
}

export function isVisible(message: Json | null): boolean {
  if (!message) return false;
  const role = (message.author as Json).role;
  if (role !== 'user' && role !== 'assistant') return false;
  if ((message.recipient ?? 'all') !== 'all') return false;
  if (message.weight === 0) return false;
  const metadata = (message.metadata ?? {}) as Json;
  if (metadata.is_visually_hidden_from_conversation === true) return false;
  return messageText(message) !== '';
}

/** Visible messages of the active branch, consecutive assistant messages merged into one. */
export function visibleMessages(
  conversation: Json,
): Array<{ role: string; ids: string[]; text: string }> {
  const mapping = conversation.mapping as Record<string, Json>;
  const out: Array<{ role: string; ids: string[]; text: string }> = [];
  for (const id of activeBranch(conversation)) {
    const message = mapping[id]!.message as Json | null;
    if (!message || !isVisible(message)) continue;
    const role = (message.author as Json).role as string;
    const last = out[out.length - 1];
    if (role === 'assistant' && last?.role === 'assistant') {
      last.ids.push(id);
      last.text += `\n\n${messageText(message)}`;
    } else out.push({ role, ids: [id], text: messageText(message) });
  }
  return out;
}

/** Every message id whose text (any content field) contains `needle`. */
export function messagesContaining(conversations: Json[], needle: string): string[] {
  const hits: string[] = [];
  for (const conversation of conversations) {
    for (const node of Object.values(conversation.mapping as Record<string, Json>)) {
      const message = node.message as Json | null;
      if (message && JSON.stringify(message.content).includes(needle))
        hits.push(String(message.id));
    }
  }
  return hits;
}
