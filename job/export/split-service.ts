import type { MessagePort } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';
import type {
  ElementBoundary,
  FromSplitter,
  RemoteRead,
  RemoteReadOptions,
  SplitEnd,
  ToSplitter,
} from './split-protocol.js';

/**
 * The reading thread's side of the split service (split-protocol.ts): sends each chunk to the
 * splitting thread and hands back the boundaries it finds and, for the conversations that
 * thread reads, promises of their results. Chunk buffers travel back and forth and are reused,
 * so neither thread churns memory.
 */

export type { SplitEnd } from './split-protocol.js';

/**
 * An element as the reading thread receives it: its bytes to read here, or the promise of what
 * the other thread read.
 */
export type RemoteBoundary = ElementBoundary & {
  bytes: Buffer | null;
  read: Promise<RemoteRead> | null;
};

/** Chunks are read 1 MB at a time; buffers that size can be reused for every chunk. */
const MIN_BUFFER_BYTES = 1 << 20;
const MAX_SPARES = 4;

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

  open(source: string, maxElementBytes: number, read: RemoteReadOptions): RemoteSplitStream {
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
    const open: ToSplitter = { type: 'open', id, source, maxElementBytes, read };
    this.port.postMessage(open);
    return stream;
  }
}

type Pending = { resolve: (message: FromSplitter) => void; reject: (error: AppError) => void };

/** One file being split. Replies arrive in the order the chunks were sent. */
export class RemoteSplitStream {
  private readonly pending: Pending[] = [];
  /** Elements the other thread reads, by position, until their `items` message arrives. */
  private readonly reads = new Map<
    number,
    { resolve: (read: RemoteRead) => void; reject: (error: AppError) => void }
  >();
  private closed = false;

  constructor(
    private readonly id: number,
    private readonly spares: ArrayBuffer[],
    private readonly send: (message: ToSplitter, transfer: ArrayBuffer[]) => void,
    private readonly onClose: () => void,
  ) {}

  /** Sends a copy of `chunk`; resolves with the boundaries found in it. */
  push(chunk: Buffer): Promise<{ elements: RemoteBoundary[] }> {
    const buffer = this.spareBuffer(chunk.length);
    new Uint8Array(buffer).set(chunk);
    const reply = this.request({ type: 'chunk', id: this.id, data: buffer, length: chunk.length }, [
      buffer,
    ]);
    const boundaries = reply.then((message) => {
      if (message.type !== 'chunk')
        throw new Error(`expected chunk boundaries, got ${message.type}`);
      if (this.spares.length < MAX_SPARES) this.spares.push(message.data);
      const local = message.local;
      const elements = message.elements.map((boundary) => ({
        ...boundary,
        bytes:
          local && boundary.local
            ? Buffer.from(local, boundary.local.start, boundary.local.length)
            : null,
        read: boundary.remote ? this.expectRead(boundary.index) : null,
      }));
      return { elements };
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
      ...(message.counts ? { counts: message.counts } : {}),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.send({ type: 'close', id: this.id }, []);
    this.onClose();
  }

  receive(message: FromSplitter): void {
    if (message.type === 'items') {
      for (const { index, ...read } of message.reads) {
        this.reads.get(index)?.resolve(read);
        this.reads.delete(index);
      }
      return;
    }
    const waiter = this.pending.shift();
    if (!waiter) return;
    if (message.type === 'error') {
      const { code, message: text, kind } = message.error;
      waiter.reject(new AppError(code, text, { kind }));
      // Nothing else will be answered for this stream.
      for (const other of this.pending.splice(0)) other.reject(new AppError(code, text, { kind }));
      for (const read of this.reads.values()) read.reject(new AppError(code, text, { kind }));
      this.reads.clear();
    } else {
      waiter.resolve(message);
    }
  }

  private expectRead(index: number): Promise<RemoteRead> {
    const read = new Promise<RemoteRead>((resolve, reject) =>
      this.reads.set(index, { resolve, reject }),
    );
    read.catch(() => {});
    return read;
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
