import { type PGlite, protocol } from '@electric-sql/pglite';
import type { BackendGate } from './backend-gate.js';

const SYNC = 'S'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const STARTUP = 0;
const READY_FOR_QUERY = 'Z'.charCodeAt(0);
const IDLE = 'I'.charCodeAt(0);

/**
 * What PGLiteSocketServer is given instead of the PGlite instance: the same backend, behind the
 * gate. The server calls `runExclusive(() => execProtocolRawStream(message))` once per protocol
 * message; the first message of a sequence takes the gate and the one answered with
 * ReadyForQuery idle ('I', after a Sync or a simple Query outside a transaction) gives it back.
 *
 * `isInTransaction` only reports the socket client's own transaction: the server rolls back
 * "the" open transaction when a client disconnects, and must never roll back the dispatcher's.
 *
 * A client that disconnects mid-sequence (killed between Parse and Sync) leaves the gate held;
 * `recoverOrphan` rolls back what it left (ROLLBACK then Sync works whether the backend is in
 * an implicit transaction, an explicit one, or skipping messages until Sync after an error) and
 * frees the gate. It runs when the next client connects, or from a watchdog.
 */
export class SocketSidePglite {
  #newConnection = false;
  #recovery: Promise<void> | undefined;

  constructor(
    private readonly pg: PGlite,
    private readonly gate: BackendGate,
  ) {}

  /** The object to pass as `db` to PGLiteSocketServer. */
  facade(): PGlite {
    const facade = {
      waitReady: this.pg.waitReady,
      isInTransaction: () => this.gate.heldBySocket && this.pg.isInTransaction(),
      runExclusive: <T>(fn: () => Promise<T>) => this.#runMessage(fn),
      execProtocolRawStream: (
        message: Uint8Array,
        options: { onRawData: (data: Uint8Array) => void; syncToFs?: boolean },
      ) => this.#exec(message, options),
      exec: async (sql: string) => {
        try {
          return await this.pg.exec(sql);
        } finally {
          if (this.gate.heldBySocket) this.gate.leaveSocket();
        }
      },
    };
    return facade as unknown as PGlite;
  }

  /** A client connected; if the previous one left mid-sequence, clean up before it runs. */
  noteConnection(): void {
    this.#newConnection = true;
  }

  /** Frees the gate a departed client still holds. Resolves when done (no-op when not held). */
  recoverOrphan(): Promise<void> {
    if (!this.gate.heldBySocket) return this.#recovery ?? Promise.resolve();
    this.#recovery ??= this.#recover().finally(() => {
      this.#recovery = undefined;
    });
    return this.#recovery;
  }

  #idleAfterMessage = false;

  async #runMessage<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#recovery) await this.#recovery;
    if (this.#newConnection) {
      this.#newConnection = false;
      await this.recoverOrphan();
    }
    await this.gate.enterSocket();
    this.#idleAfterMessage = false;
    try {
      return await this.pg.runExclusive(fn);
    } finally {
      if (this.#idleAfterMessage) this.gate.leaveSocket();
    }
  }

  async #exec(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void; syncToFs?: boolean },
  ): Promise<void> {
    const tail = new ResponseTail();
    await this.pg.execProtocolRawStream(message, {
      ...options,
      onRawData: (data) => {
        tail.push(data);
        options.onRawData(data);
      },
    });
    const type = message[0];
    this.#idleAfterMessage =
      (type === SYNC || type === QUERY || type === STARTUP) && tail.isReadyForQueryIdle();
  }

  async #recover(): Promise<void> {
    await this.pg.runExclusive(async () => {
      // The departing client's own clean-up may have freed the gate meanwhile, and someone
      // else may be in: then there is nothing to roll back.
      if (!this.gate.heldBySocket) return;
      await this.pg.execProtocolRaw(protocol.serialize.query('ROLLBACK'));
      await this.pg.execProtocolRaw(protocol.serialize.sync());
      this.gate.leaveSocket();
    });
  }
}

/** The last 6 bytes of a response: where a ReadyForQuery message ('Z', length 5, status) sits. */
class ResponseTail {
  #bytes = new Uint8Array(0);

  push(data: Uint8Array): void {
    const joined = new Uint8Array(this.#bytes.length + data.length);
    joined.set(this.#bytes);
    joined.set(data, this.#bytes.length);
    this.#bytes = joined.slice(Math.max(0, joined.length - 6));
  }

  isReadyForQueryIdle(): boolean {
    const b = this.#bytes;
    return (
      b.length === 6 &&
      b[0] === READY_FOR_QUERY &&
      b[1] === 0 &&
      b[2] === 0 &&
      b[3] === 0 &&
      b[4] === 5 &&
      b[5] === IDLE
    );
  }
}
