import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback OpenAI-compatible embeddings server (`POST /v1/embeddings`) for tests. Each request
 * takes the next scripted reply; with none queued it answers with `fakeEmbedding` of each
 * input. Requests are recorded (headers and parsed body) unless `record` is false (a benchmark
 * sends it every chunk of an export), and the most requests in flight at once is tracked, so
 * tests can check batch sizes, the Authorization header and concurrency.
 */

export type FakeOpenAiReply =
  /** 200 with embeddings; `dimensions` overrides the vector size, `reversed` sends data last-first. */
  | { kind: 'ok'; dimensions?: number; reversed?: boolean; withoutUsage?: boolean }
  /** An error status with an OpenAI-style `{ error: { message, type } }` body (or `body`). */
  | { kind: 'error'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Any status and raw body text (malformed JSON, HTML, a wrong shape). */
  | { kind: 'raw'; status?: number; body: string; contentType?: string }
  /** Waits `delayMs`, then sends `then` (default: ok). */
  | { kind: 'slow'; delayMs: number; then?: FakeOpenAiReply }
  /** Closes the connection without answering (a network error for the client). */
  | { kind: 'drop' };

export interface RecordedEmbeddingRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; input?: string[]; dimensions?: number; [key: string]: unknown };
}

export interface FakeOpenAiEmbeddings {
  /** "http://127.0.0.1:<port>/v1" */
  baseUrl: string;
  requests: RecordedEmbeddingRequest[];
  /** The most requests that were being answered at the same time. */
  maxInFlight: number;
  /** Queues replies, used one per request in order. */
  reply(...replies: FakeOpenAiReply[]): void;
  close(): Promise<void>;
}

/** A deterministic, non-normalized vector for `text`: 3 and 4 at two text-dependent positions. */
export function fakeEmbedding(text: string, dimensions = 1024): number[] {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  const first = (hash >>> 0) % dimensions;
  const second = (first + 1 + ((hash >>> 16) % (dimensions - 1))) % dimensions;
  const vector = new Array<number>(dimensions).fill(0);
  vector[first] = 3;
  vector[second] = 4;
  return vector;
}

export async function startFakeOpenAiEmbeddings(
  options: { record?: boolean } = {},
): Promise<FakeOpenAiEmbeddings> {
  const record = options.record ?? true;
  const queue: FakeOpenAiReply[] = [];
  let inFlight = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as RecordedEmbeddingRequest['body']) : {};
      if (record) {
        fake.requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body,
        });
      }
      inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        send(res, { kind: 'error', status: 404, body: { error: { message: 'Not found' } } }, body);
      } else send(res, queue.shift() ?? { kind: 'ok' }, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeOpenAiEmbeddings = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: [],
    maxInFlight: 0,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** As OpenAI sends it: JSON numbers, or with `encoding_format: "base64"` float32 LE bytes. */
function encode(vector: number[], format: unknown): number[] | string {
  if (format !== 'base64') return vector;
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function send(res: ServerResponse, reply: FakeOpenAiReply, body: RecordedEmbeddingRequest['body']) {
  switch (reply.kind) {
    case 'ok': {
      const inputs = body.input ?? [];
      const data = inputs.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: encode(
          fakeEmbedding(text, reply.dimensions ?? body.dimensions ?? 1024),
          body.encoding_format,
        ),
      }));
      if (reply.reversed) data.reverse();
      const tokens = inputs.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
      const usage = reply.withoutUsage
        ? {}
        : { usage: { prompt_tokens: tokens, total_tokens: tokens } };
      return json(res, 200, { object: 'list', data, model: body.model, ...usage });
    }
    case 'error':
      return json(
        res,
        reply.status,
        reply.body ?? { error: { message: `fake error ${reply.status}`, type: 'server_error' } },
        reply.headers,
      );
    case 'raw':
      res.writeHead(reply.status ?? 200, {
        'content-type': reply.contentType ?? 'application/json',
      });
      return res.end(reply.body);
    case 'slow': {
      const timer = setTimeout(() => send(res, reply.then ?? { kind: 'ok' }, body), reply.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'drop':
      return res.socket?.destroy();
  }
}

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': 'req_fake',
    ...headers,
  });
  res.end(JSON.stringify(value));
}
