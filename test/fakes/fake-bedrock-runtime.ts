import {
  constants,
  createServer,
  type Http2ServerResponse,
  type Http2Session,
  type IncomingHttpHeaders,
} from 'node:http2';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Bedrock runtime for tests, answering `POST /model/{modelId}/invoke` the way the
 * service does, so the real `BedrockRuntimeClient` (pointed here with `endpoint`) signs,
 * sends and deserializes as in production. It speaks HTTP/2 (cleartext, prior knowledge),
 * because the client's default request handler is its HTTP/2 one. Success is Titan v2's JSON body. Errors are what
 * the SDK's restJson1 protocol reads to pick the exception class: the status, an
 * `x-amzn-errortype: <Name>:http://internal.amazon.com/coral/com.amazon.bedrock/` header and a
 * `{ "message": ... }` body, so `ThrottlingException`, `ValidationException` & co. come out as
 * the SDK's real classes. Requests are recorded with their decoded model id.
 */

export type BedrockErrorName =
  | 'ThrottlingException'
  | 'ServiceUnavailableException'
  | 'ModelTimeoutException'
  | 'InternalServerException'
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException';

export type FakeBedrockReply =
  /** 200 with `{ embedding, inputTextTokenCount }`; `dimensions` overrides the vector size. */
  | { kind: 'ok'; dimensions?: number }
  /** A modelled error: status, error type header, `{ message }` body, extra headers. */
  | {
      kind: 'error';
      status: number;
      name: BedrockErrorName;
      message?: string;
      headers?: Record<string, string>;
    }
  /** Any status and raw body (malformed JSON, a proxy's HTML page). */
  | { kind: 'raw'; status?: number; body: string; contentType?: string }
  /** Waits `delayMs`, then sends `then` (default: ok). */
  | { kind: 'slow'; delayMs: number; then?: FakeBedrockReply }
  /** Resets the stream without answering (a network error for the client). */
  | { kind: 'drop' };

export interface RecordedInvokeRequest {
  modelId: string;
  headers: IncomingHttpHeaders;
  body: { inputText?: string; dimensions?: number; normalize?: boolean; [key: string]: unknown };
}

export interface FakeBedrockRuntime {
  /** "http://127.0.0.1:<port>", for the client's `endpoint`. */
  endpoint: string;
  requests: RecordedInvokeRequest[];
  maxInFlight: number;
  reply(...replies: FakeBedrockReply[]): void;
  close(): Promise<void>;
}

/** A deterministic, non-normalized vector for `text`, as the fake's embedding. */
export function fakeTitanEmbedding(text: string, dimensions = 1024): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i++) {
    const d = (text.charCodeAt(i) * 31 + i) % dimensions;
    vector[d] = (vector[d] as number) + 1;
  }
  if (text.length === 0) vector[0] = 1;
  return vector;
}

const INVOKE_PATH = /^\/model\/([^/]+)\/invoke$/;

export async function startFakeBedrockRuntime(): Promise<FakeBedrockRuntime> {
  const queue: FakeBedrockReply[] = [];
  let inFlight = 0;
  let requestCount = 0;
  const sessions = new Set<Http2Session>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = INVOKE_PATH.exec(req.url ?? '');
      res.setHeader('x-amzn-requestid', `fake-request-${++requestCount}`);
      if (req.method !== 'POST' || !match) {
        const error = { kind: 'error', status: 404, name: 'ResourceNotFoundException' } as const;
        return send(res, error, {});
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as RecordedInvokeRequest['body']) : {};
      fake.requests.push({
        modelId: decodeURIComponent(match[1] ?? ''),
        headers: req.headers,
        body,
      });
      inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      send(res, queue.shift() ?? { kind: 'ok' }, body);
    });
  });
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeBedrockRuntime = {
    endpoint: `http://127.0.0.1:${port}`,
    requests: [],
    maxInFlight: 0,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function send(
  res: Http2ServerResponse,
  reply: FakeBedrockReply,
  body: RecordedInvokeRequest['body'],
) {
  switch (reply.kind) {
    case 'ok': {
      const text = body.inputText ?? '';
      const embedding = fakeTitanEmbedding(text, reply.dimensions ?? body.dimensions ?? 1024);
      const tokens = Math.max(1, text.split(/\s+/).filter(Boolean).length);
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-amzn-bedrock-input-token-count': String(tokens),
        'x-amzn-bedrock-invocation-latency': '12',
      });
      return res.end(
        JSON.stringify({
          embedding,
          embeddingsByType: { float: embedding },
          inputTextTokenCount: tokens,
        }),
      );
    }
    case 'error':
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': `${reply.name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
        ...reply.headers,
      });
      return res.end(JSON.stringify({ message: reply.message ?? `fake ${reply.name}` }));
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
      return res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
  }
}
