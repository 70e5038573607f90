import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';
import { isConnectionLost } from './database-error.js';

/**
 * Two things the postgres.js adapter does around postgres.js 3.4.9 itself, because of how it
 * behaves when the server reports an error late or the connection dies.
 */

/** The parts of a postgres.js query that COPY FROM STDIN uses. */
export interface CopyQuery {
  writable(): Promise<Writable>;
  reject(error: unknown): void;
}

/**
 * Streams `data` into a `COPY ... FROM STDIN`. postgres.js resolves the query with the stream
 * and never settles it again: an error the server reports once the data is sent (a duplicate
 * key, a bad value) reaches only the query's own `reject`, after the stream has been let go,
 * so waiting for the stream's 'finish' alone would hang. Listening on `reject` as well
 * surfaces it.
 */
export async function copyThrough(query: CopyQuery, data: readonly Uint8Array[]): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    const original = query.reject;
    query.reject = (error: unknown) => {
      original.call(query, error);
      reject(error);
    };
  });
  failed.catch(() => {});
  const stream = await Promise.race([query.writable(), failed]);
  const finished = once(stream, 'finish');
  finished.catch(() => {});
  for (const page of data) {
    if (!stream.write(page)) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([finished, failed]);
}

/**
 * Runs `fn` in a transaction on a connection of its own: BEGIN, then COMMIT, or ROLLBACK when
 * `fn` throws. Not `sql.begin`: when the connection dies inside the transaction (a pooler
 * restart, pg_terminate_backend), `sql.begin` still writes its ROLLBACK to the closed socket,
 * and postgres.js throws that from a timer, which no caller can catch and which ends the
 * process (porsager/postgres#1208). Here, after a lost connection, nothing more is written
 * (the server has rolled back already) and the connection is left to the pool, which
 * reconnects it, instead of being released as if it were open.
 */
export async function inTransaction<T>(
  root: postgres.Sql,
  fn: (tx: postgres.ReservedSql) => Promise<T>,
): Promise<T> {
  const tx = await root.reserve();
  let open = true;
  try {
    await tx.unsafe('begin');
    const result = await fn(tx);
    await tx.unsafe('commit');
    return result;
  } catch (error) {
    if (isConnectionLost(error)) open = false;
    else {
      await tx.unsafe('rollback').catch((rollbackError: unknown) => {
        if (isConnectionLost(rollbackError)) open = false;
      });
    }
    throw error;
  } finally {
    if (open) tx.release();
  }
}
