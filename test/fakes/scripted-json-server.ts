import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The loopback core shared by the LLM fakes: a real HTTP server on 127.0.0.1 that records
 * every request (headers and JSON body) and answers from a per-test script: a queue of
 * replies, then a fallback handler. Replies may be delayed (slow answers), and a client that
 * gives up mid-delay is noticed, so timeouts are tested for real.
 */

export interface RecordedRequest<Body = unknown> {
  method: string;
  /** Path and query, decoded (`/model/us.anthropic…:0/invoke`). */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: Body;
  rawBody: string;
  /** When the request arrived (performance.now()). */
  at: number;
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type ReplyHandler<Body = unknown> = (
  request: RecordedRequest<Body>,
  index: number,
) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedJsonServerOptions<Body> {
  /** Checks each request before the script: a reply here (wrong route, bad auth) wins. */
  gate?: (request: RecordedRequest<Body>) => ScriptedReply | undefined;
  /** Used when the queue is empty. */
  fallback: ReplyHandler<Body>;
}

export class ScriptedJsonServer<Body = unknown> {
  readonly requests: RecordedRequest<Body>[] = [];
  #url = '';
  #inFlight = 0;
  #maxInFlight = 0;
  readonly #queue: Array<ScriptedReply | ReplyHandler<Body>> = [];
  #handler: ReplyHandler<Body> | undefined;
  readonly #server: Server;
  readonly #options: ScriptedJsonServerOptions<Body>;

  constructor(options: ScriptedJsonServerOptions<Body>) {
    this.#options = options;
    this.#server = createServer((req, res) => void this.#serve(req, res));
  }

  /** http://127.0.0.1:<port> */
  get url(): string {
    return this.#url;
  }

  /** Requests being answered right now, and the most there ever were at once. */
  get inFlight(): number {
    return this.#inFlight;
  }

  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Queues replies (or per-request handlers), used in order, one per request. */
  reply(...replies: Array<ScriptedReply | ReplyHandler<Body>>): this {
    this.#queue.push(...replies);
    return this;
  }

  /** Answers every request the queue does not cover. */
  handle(handler: ReplyHandler<Body>): this {
    this.#handler = handler;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #scripted(request: RecordedRequest<Body>, index: number): Promise<ScriptedReply> {
    const next = this.#queue.shift();
    if (next === undefined) return (this.#handler ?? this.#options.fallback)(request, index);
    return typeof next === 'function' ? next(request, index) : next;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    let counted = true;
    const done = () => {
      if (counted) this.#inFlight--;
      counted = false;
    };
    res.on('close', done);
    try {
      const request = await record<Body>(req);
      const index = this.requests.push(request) - 1;
      const reply = this.#options.gate?.(request) ?? (await this.#scripted(request, index));
      if (reply.delayMs) await delay(reply.delayMs, res);
      if (res.destroyed) return;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        ...reply.headers,
      });
      res.end(text);
    } catch (error) {
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server failed: ${String(error)}`);
    }
  }
}

async function record<Body>(req: IncomingMessage): Promise<RecordedRequest<Body>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(req.url ?? '/'),
    headers,
    body: body as Body,
    rawBody,
    at: performance.now(),
  };
}

/** Waits `ms`, or less when the client hangs up first. */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      res.off('close', finish);
      resolve();
    }
    res.on('close', finish);
  });
}
