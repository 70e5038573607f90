/**
 * Whose turn it is on the embedded database's single backend.
 *
 * PGlite runs one Postgres backend. The dispatcher uses it in-process while a local job talks
 * to it over the socket server, and PGlite's own locks only cover one protocol message (socket
 * side) or one statement (in-process side). Measured on PGlite 0.5.14 + pglite-socket 0.2.17:
 * an in-process statement issued while a socket client is inside BEGIN...COMMIT runs inside
 * that client's transaction (and is rolled back with it); a socket statement arriving during
 * an in-process transaction joins it the same way; an in-process BEGIN inside a client's
 * transaction commits the client's half-done work. The gate prevents all of it: in-process
 * callers take it for a whole statement or transaction; the socket client takes it at its
 * first message and gives it back only when the backend reports ReadyForQuery idle (so a
 * transaction, or a Parse/Bind/Execute sequence before its Sync, is never interleaved).
 */
export class BackendGate {
  #tail: Promise<void> = Promise.resolve();
  #socketRelease: (() => void) | undefined;

  /** Runs `fn` with the backend to itself (the dispatcher's own queries). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** True while the socket client holds the backend (mid-transaction or mid-sequence). */
  get heldBySocket(): boolean {
    return this.#socketRelease !== undefined;
  }

  /** The socket client starts, or continues, a message sequence. */
  async enterSocket(): Promise<void> {
    if (this.#socketRelease) return;
    this.#socketRelease = await this.#acquire();
  }

  /** The socket client's sequence is complete; in-process callers may go. */
  leaveSocket(): void {
    const release = this.#socketRelease;
    this.#socketRelease = undefined;
    release?.();
  }

  /** FIFO: each caller waits for the one before it. */
  #acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    return previous.then(() => release);
  }
}
