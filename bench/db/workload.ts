/** The rows `npm run bench:db` writes, and the three ways it writes them. */
import type { ChunkRow } from '../../core/db/conversation-chunks.js';
import { insertChunks } from '../../core/db/conversation-chunks.js';
import { CopyBinaryWriter } from '../../core/db/copy-binary.js';
import { encodeChunkRow, saveChunks } from '../../core/db/save-chunks.js';
import { vectorParam } from '../../core/db/vector-param.js';
import type { Target } from './target.js';

export const DIMENSIONS = 1024;

/** 1,000 distinct unit vectors, reused round-robin (their values do not change write costs). */
export const VECTORS = Array.from({ length: 1000 }, (_, i) => randomUnitVector(i + 1));

const TEXT = 'I keep coming back to the garden plan and the trip in May. '.repeat(100);

function randomUnitVector(seed: number): Float32Array {
  const out = new Float32Array(DIMENSIONS);
  let state = seed;
  let norm = 0;
  for (let i = 0; i < DIMENSIONS; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
    norm += (out[i] as number) ** 2;
  }
  for (let i = 0; i < DIMENSIONS; i++) out[i] = (out[i] as number) / Math.sqrt(norm);
  return out;
}

/** Tiers as the chunker makes them: many micro (~200 chars), fewer medium (~2,000), few macro. */
export function chunk(ref: { userId: string; importId: string }, i: number): ChunkRow {
  const tier = i % 10 < 6 ? 'micro' : i % 10 < 9 ? 'medium' : 'macro';
  const length = tier === 'micro' ? 200 : tier === 'medium' ? 2000 : 5000;
  return {
    id: `${ref.importId}:${i}`,
    userId: ref.userId,
    importId: ref.importId,
    conversationId: `conversation-${i % 997}`,
    conversationTitle: 'Garden plans',
    content: TEXT.slice(0, length),
    chunkTier: tier,
    chunkIndex: i,
    messageStart: 0,
    messageEnd: 3,
    messageCount: 4,
    tokenCount: length / 4,
    conversationCreatedAt: 1_717_000_000_000,
    isRecent: false,
    embedding: VECTORS[i % VECTORS.length] as Float32Array,
  };
}

/** The COPY stream's size for `rows` rows: the payload, the same whichever way it travels. */
export function payloadBytes(ref: { userId: string; importId: string }, rows: number): number {
  const writer = new CopyBinaryWriter();
  for (let i = 0; i < rows; i++) encodeChunkRow(writer, chunk(ref, i));
  return writer.bytes;
}

export type Pattern = (t: Target, rows: number, batch: number) => Promise<void>;

/** One INSERT statement per row, embedding included (what a naive writer does). */
export const rowAtATime: Pattern = async (t, rows) => {
  for (let i = 0; i < rows; i++) {
    const c = chunk(t.ref, i);
    await t.db.query(
      `insert into public.conversation_chunks (id, user_id, import_id, conversation_id,
         conversation_title, content, chunk_tier, chunk_index, message_start, message_end,
         message_count, token_count, conversation_created_at, is_recent, embedding)
       values ($1, $2::uuid, $3::uuid, $4, $5, $6, $7, $8::int, $9::int, $10::int, $11::int,
               $12::int, $13::timestamptz, $14::bool, $15::extensions.vector)`,
      [
        c.id,
        c.userId,
        c.importId,
        c.conversationId,
        c.conversationTitle,
        c.content,
        c.chunkTier,
        c.chunkIndex,
        c.messageStart,
        c.messageEnd,
        c.messageCount,
        c.tokenCount,
        new Date(c.conversationCreatedAt as number).toISOString(),
        c.isRecent,
        vectorParam(c.embedding as Float32Array),
      ],
    );
  }
};

/** insertChunks: one INSERT ... SELECT FROM unnest(...) per batch (the previous save). */
export const multiRowInsert: Pattern = async (t, rows, batch) => {
  for (let start = 0; start < rows; start += batch) {
    const part: ChunkRow[] = [];
    for (let i = start; i < Math.min(rows, start + batch); i++) part.push(chunk(t.ref, i));
    await insertChunks(t.db, part);
  }
};

/** saveChunks: binary COPY in transactions cut by size (the job's save now). */
export const copy: Pattern = async (t, rows, batch) => {
  for (let start = 0; start < rows; start += batch) {
    const part: ChunkRow[] = [];
    for (let i = start; i < Math.min(rows, start + batch); i++) part.push(chunk(t.ref, i));
    await saveChunks(t.db, part);
  }
};
