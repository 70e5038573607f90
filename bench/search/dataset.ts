/** The rows of `npm run bench:search`: one heavy user, one small user, many others. */
import { randomUUID } from 'node:crypto';
import type { ChunkRow } from '../../core/db/conversation-chunks.js';
import type { Database } from '../../core/db/database.js';
import { saveChunks } from '../../core/db/save-chunks.js';
import { chunk } from '../db/workload.js';
import type { VectorSpace } from './vector-space.js';

export interface BenchUser {
  userId: string;
  importId: string;
  chunks: number;
  topics: number[];
}

export interface Dataset {
  heavy: BenchUser;
  small: BenchUser;
  others: BenchUser[];
  rows: number;
}

export interface DatasetSize {
  /** Rows in the whole table. */
  total: number;
  /** The heavy user's chunks. */
  heavy: number;
  /** The small user's chunks. */
  small: number;
  /** Chunks of each other user. */
  perOther: number;
}

const TOPICS_PER_USER = 40;

/** A user of `chunks` chunks on topics drawn from the shared space. */
export function benchUser(space: VectorSpace, chunks: number): BenchUser {
  const topics = Array.from({ length: TOPICS_PER_USER }, () => space.pick(space.topicCount));
  return { userId: randomUUID(), importId: randomUUID(), chunks, topics };
}

/** Chunk `i` of `user` (bench:db's rows), with an embedding near one of the user's topics. */
export function benchChunk(space: VectorSpace, user: BenchUser, i: number): ChunkRow {
  return {
    ...chunk(user, i),
    embedding: space.near(user.topics[space.pick(user.topics.length)] as number),
  };
}

/** Saves `user`'s chunks with COPY and makes the import the user's active one. */
export async function loadUser(
  db: Database,
  space: VectorSpace,
  user: BenchUser,
  options: { active: boolean },
): Promise<void> {
  await db.query('insert into auth.users (id) values ($1::uuid) on conflict do nothing', [
    user.userId,
  ]);
  const batch = 4000;
  for (let start = 0; start < user.chunks; start += batch) {
    const rows: ChunkRow[] = [];
    for (let i = start; i < Math.min(user.chunks, start + batch); i++) {
      rows.push(benchChunk(space, user, i));
    }
    await saveChunks(db, rows, { maxTransactionBytes: 32 * 1024 * 1024 });
  }
  await db.query(
    `insert into public.user_profiles (user_id, import_status, progress_percent, current_import_id,
                                       active_import_id, total_chunks)
     values ($1::uuid, $3, $4::int, $2::uuid, $5::uuid, $6::int)
     on conflict (user_id) do update set active_import_id = excluded.active_import_id,
                                         current_import_id = excluded.current_import_id`,
    [
      user.userId,
      user.importId,
      options.active ? 'complete' : 'processing',
      options.active ? 100 : 40,
      options.active ? user.importId : null,
      user.chunks,
    ],
  );
}

/** Loads the whole table: others first, so the heavy user's rows are not at the start. */
export async function loadDataset(
  db: Database,
  space: VectorSpace,
  size: DatasetSize,
  onProgress: (rows: number) => void,
): Promise<Dataset> {
  const heavy = benchUser(space, size.heavy);
  const small = benchUser(space, size.small);
  const others: BenchUser[] = [];
  let left = size.total - size.heavy - size.small;
  while (left > 0) {
    const n = Math.min(size.perOther, left);
    others.push(benchUser(space, n));
    left -= n;
  }
  let rows = 0;
  const half = Math.floor(others.length / 2);
  for (const user of [...others.slice(0, half), heavy, small, ...others.slice(half)]) {
    await loadUser(db, space, user, { active: true });
    rows += user.chunks;
    onProgress(rows);
  }
  return { heavy, small, others, rows };
}
