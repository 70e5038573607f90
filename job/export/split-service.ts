import type { MessagePort } from 'node:worker_threads';
import { AppError, type ErrorCode, type ErrorKind, toAppError } from '../../core/errors.js';
import { JsonArraySplitter } from './json-array-splitter.js';

/**
 * Finds conversation boundaries on another thread. The reading thread keeps the bytes (it read
 * and inflated them) and sends a copy of each chunk here; this side runs the byte scan and
 * answers with where each element starts and how long it is. The scan is ~12 % of reading
 * (`npm run bench:scan`); JSON.parse and normalizing stay on the reading thread, which is where
 * the objects are needed. Chunk buffers travel back and forth and are reused, so neither thread
 * churns memory.
 */

/** Chunks are read 1 MB at a time; buffers that size can be reused for every chunk. */
const MIN_BUFFER_BYTES = 1 << 20;
const MAX_SPARES = 4;

type ToSplitter =
  | { type: 'open'; id: number; source: string; maxElementBytes: number }
  | { type: 'chunk'; id: number; data: ArrayBuffer; length: number }
  | { type: 'end'; id: number }
  | { type: 'close'; id: number };

export interface ElementBoundary {
  offset: number;
  size: number;
  oversized: boolean;
  complex: boolean;
}

export interface ChunkBoundaries {
  elements: ElementBoundary[];
  /** Bytes before this stream offset are no longer needed for any element. */
  retainFrom: number;
}

export interface SplitEnd {
  elementCount: number;
  foundConversationList: boolean;
  topLevelKeys: string[];
  /** Objects and arrays outside the conversation list. */
  containers: number;
}

type FromSplitter =
  | ({ type: 'chunk'; id: number; data: ArrayBuffer } & ChunkBoundaries)
  | ({ type: 'end'; id: number } & SplitEnd)
  | { type: 'error'; id: number; error: { code: ErrorCode; message: string; kind: ErrorKind } };

/** The splitting thread: answers `RemoteSplitter` requests arriving on `port`. */
export function serveSplitter(port: MessagePort): void {
  const splitters = new Map<number, JsonArraySplitter>();
  port.on('message', (message: ToSplitter) => {
    const { id } = message;
    try {
      if (message.type === 'open') {
        splitters.set(id, new JsonArraySplitter(message.source, message.maxElementBytes, false));
        return;
      }
      const splitter = splitters.get(id);
      if (!splitter) return;
      if (message.type === 'chunk') {
        const elements = splitter
          .push(Buffer.from(message.data, 0, message.length))
          .map(({ offset, size, oversized, complex }) => ({ offset, size, oversized, complex }));
        const reply: FromSplitter = {
          type: 'chunk',
          id,
          data: message.data,
          elements,
          retainFrom: splitter.retainFrom,
        };
        port.postMessage(reply, [message.data]);
      } else if (message.type === 'end') {
        splitter.end(splitter.elementCount);
        splitters.delete(id);
        const reply: FromSplitter = {
          type: 'end',
          id,
          elementCount: splitter.elementCount,
          foundConversationList: splitter.foundConversationList,
          topLevelKeys: [...splitter.keys],
          containers: splitter.containers,
        };
        port.postMessage(reply);
      } else {
        splitters.delete(id);
      }
    } catch (thrown) {
      splitters.delete(id);
      const error = toAppError(thrown);
      const reply: FromSplitter = {
        type: 'error',
        id,
        error: { code: error.code, message: error.message, kind: error.kind },
      };
      port.postMessage(reply);
    }
  });
}

/** The reading thread's handle on the splitting thread. */
export class RemoteSplitter {
  private nextId = 1;
  private readonly streams = new Map<number, RemoteSplitStream>();
  /** Shared by every file's stream: an export of many small shards allocates a buffer once. */
  private readonly spares: ArrayBuffer[] = [];

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: FromSplitter) => this.streams.get(message.id)?.receive(message));
    port.unref();
  }

  open(source: string, maxElementBytes: number): RemoteSplitStream {
    const id = this.nextId++;
    const stream = new RemoteSplitStream(
      id,
      this.spares,
      (message, transfer) => this.port.postMessage(message, transfer),
      () => {
        this.streams.delete(id);
        if (this.streams.size === 0) this.port.unref();
      },
    );
    this.streams.set(id, stream);
    this.port.ref();
    this.port.postMessage({ type: 'open', id, source, maxElementBytes } satisfies ToSplitter);
    return stream;
  }
}

type Pending = { resolve: (message: FromSplitter) => void; reject: (error: AppError) => void };

/** One file being split. Replies arrive in the order the chunks were sent. */
export class RemoteSplitStream {
  private readonly pending: Pending[] = [];
  private closed = false;

  constructor(
    private readonly id: number,
    private readonly spares: ArrayBuffer[],
    private readonly send: (message: ToSplitter, transfer: ArrayBuffer[]) => void,
    private readonly onClose: () => void,
  ) {}

  /** Sends a copy of `chunk`; resolves with the boundaries found in it. */
  push(chunk: Buffer): Promise<ChunkBoundaries> {
    const buffer = this.spareBuffer(chunk.length);
    new Uint8Array(buffer).set(chunk);
    const reply = this.request({ type: 'chunk', id: this.id, data: buffer, length: chunk.length }, [
      buffer,
    ]);
    const boundaries = reply.then((message) => {
      if (message.type !== 'chunk')
        throw new Error(`expected chunk boundaries, got ${message.type}`);
      if (this.spares.length < MAX_SPARES) this.spares.push(message.data);
      return { elements: message.elements, retainFrom: message.retainFrom };
    });
    boundaries.catch(() => {});
    return boundaries;
  }

  /** Checks the file ended where a complete document ends. */
  async end(): Promise<SplitEnd> {
    const message = await this.request({ type: 'end', id: this.id }, []);
    this.close();
    if (message.type !== 'end')
      throw new Error(`expected the end of the file, got ${message.type}`);
    return {
      elementCount: message.elementCount,
      foundConversationList: message.foundConversationList,
      topLevelKeys: message.topLevelKeys,
      containers: message.containers,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.send({ type: 'close', id: this.id }, []);
    this.onClose();
  }

  receive(message: FromSplitter): void {
    const waiter = this.pending.shift();
    if (!waiter) return;
    if (message.type === 'error') {
      const { code, message: text, kind } = message.error;
      waiter.reject(new AppError(code, text, { kind }));
      // Nothing else will be answered for this stream.
      for (const other of this.pending.splice(0)) other.reject(new AppError(code, text, { kind }));
    } else {
      waiter.resolve(message);
    }
  }

  private request(message: ToSplitter, transfer: ArrayBuffer[]): Promise<FromSplitter> {
    const reply = new Promise<FromSplitter>((resolve, reject) =>
      this.pending.push({ resolve, reject }),
    );
    // A reply may fail before anyone awaits it; the caller sees the error when it does.
    reply.catch(() => {});
    this.send(message, transfer);
    return reply;
  }

  private spareBuffer(size: number): ArrayBuffer {
    const index = this.spares.findIndex((buffer) => buffer.byteLength >= size);
    if (index === -1) return new ArrayBuffer(Math.max(size, MIN_BUFFER_BYTES));
    return this.spares.splice(index, 1)[0]!;
  }
}
