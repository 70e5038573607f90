import { isPlainObject } from './conversation-schema.js';
import { storableText } from './storable-text.js';
import type { AccountContext, MemoryEntry } from './types.js';

const MAX_MEMORY_WRITES = 1000;
const MAX_SNAPSHOT_ENTRIES = 500;
const MAX_ENTRY_CHARS = 2000;

/** Where the reader puts what it harvests (the collector, or a recorder on another thread). */
export interface AccountContextSink {
  addCustomInstructions(
    content: Record<string, unknown>,
    metadata: Record<string, unknown> | null | undefined,
    at: number,
  ): void;
  addMemorySnapshot(content: Record<string, unknown>, at: number): void;
  addMemoryWrite(text: string, at: number): void;
}

/**
 * Collects, once per export, what ChatGPT itself knew about the person: the newest custom
 * instructions, the newest non-empty saved-memory snapshot, and the memory writes (assistant
 * messages to `bio`). Bounded: entries are capped in number and length.
 * "Newest" is by the conversation's time, since these messages usually have no time of their own.
 */
export class AccountContextCollector implements AccountContextSink {
  private instructions: { aboutUser: string | null; aboutModel: string | null; at: number } | null =
    null;
  private snapshot: { entries: MemoryEntry[]; at: number } | null = null;
  private readonly writes = new Map<string, { text: string; at: number }>();

  /** `user_editable_context` content, or an older `is_user_system_message` system message. */
  addCustomInstructions(
    content: Record<string, unknown>,
    metadata: Record<string, unknown> | null | undefined,
    at: number,
  ): void {
    const data = isPlainObject(metadata?.user_context_message_data)
      ? metadata.user_context_message_data
      : null;
    const aboutUser = clean(data?.about_user_message) ?? fencedOrTail(content.user_profile);
    const aboutModel = clean(data?.about_model_message) ?? fencedOrTail(content.user_instructions);
    if (aboutUser === null && aboutModel === null) return;
    if (this.instructions === null || at >= this.instructions.at) {
      this.instructions = { aboutUser, aboutModel, at };
    }
  }

  /** `model_editable_context.model_set_context`: numbered, dated lines. */
  addMemorySnapshot(content: Record<string, unknown>, at: number): void {
    const raw = content.model_set_context;
    if (typeof raw !== 'string' || raw.trim() === '') return;
    if (this.snapshot !== null && at < this.snapshot.at) return;
    const entries = numberedItems(raw)
      .map(parseSnapshotEntry)
      .filter((entry) => entry.text.length > 0)
      .slice(0, MAX_SNAPSHOT_ENTRIES);
    if (entries.length > 0) this.snapshot = { entries, at };
  }

  /** The text of an assistant message addressed to `bio`. */
  addMemoryWrite(text: string, at: number): void {
    const value = truncate(text.trim());
    if (value === '') return;
    const key = value.toLowerCase().replace(/\s+/g, ' ');
    const existing = this.writes.get(key);
    if (existing) {
      existing.at = Math.min(existing.at, at);
      return;
    }
    if (this.writes.size >= MAX_MEMORY_WRITES) this.dropOldestWrite();
    this.writes.set(key, { text: value, at });
  }

  result(): AccountContext {
    return {
      customInstructions: this.instructions
        ? { aboutUser: this.instructions.aboutUser, aboutModel: this.instructions.aboutModel }
        : null,
      memorySnapshot: this.snapshot?.entries ?? [],
      memoryWrites: [...this.writes.values()].sort((a, b) => a.at - b.at).map((w) => w.text),
    };
  }

  private dropOldestWrite(): void {
    let oldestKey: string | null = null;
    let oldestAt = Number.POSITIVE_INFINITY;
    for (const [key, write] of this.writes) {
      if (write.at < oldestAt) {
        oldestAt = write.at;
        oldestKey = key;
      }
    }
    if (oldestKey !== null) this.writes.delete(oldestKey);
  }
}

/**
 * The items of a numbered list (`1. …`, `2. …`), each with the lines that follow it; one pass
 * over the lines. Text before the first number is an item of its own.
 */
function numberedItems(text: string): string[] {
  const items: string[] = [];
  let current: string[] = [];
  let chars = 0;
  for (const line of text.split('\n')) {
    if (NUMBERED.test(line) && current.length > 0) {
      items.push(current.join('\n'));
      current = [];
      chars = 0;
    }
    // Entries are cut to MAX_ENTRY_CHARS anyway: lines past that are not kept.
    if (chars <= MAX_ENTRY_CHARS && (current.length > 0 || line.trim() !== '')) {
      current.push(line);
      chars += line.length + 1;
    }
    if (items.length >= MAX_SNAPSHOT_ENTRIES) return items;
  }
  if (current.length > 0) items.push(current.join('\n'));
  return items;
}

const NUMBERED = /^\s*\d+\.\s/;

/** `3. [2024-09-29]. User is learning Spanish.` → text and date. */
function parseSnapshotEntry(line: string): MemoryEntry {
  const item = line.replace(/^\s*\d+\.\s*/, '');
  const dated = /^\[(\d{4}-\d{2}-\d{2})\]\.?\s*/.exec(item);
  const text = truncate((dated ? item.slice(dated[0].length) : item).trim());
  return { text, date: dated ? dated[1]! : null };
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : truncate(trimmed);
}

/**
 * The raw text inside ChatGPT's wrapper ("The user provided the following information…" and a
 * fenced block): the first fenced block, else everything after the first line.
 */
function fencedOrTail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const fenced = /```(?:[\w-]*\n)?([\s\S]*?)```/.exec(value);
  if (fenced) return clean(fenced[1]);
  const newline = value.indexOf('\n');
  return clean(newline === -1 ? value : value.slice(newline + 1));
}

function truncate(text: string): string {
  return storableText(text.length > MAX_ENTRY_CHARS ? text.slice(0, MAX_ENTRY_CHARS) : text);
}
