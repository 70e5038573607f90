import {
  type ReplyHandler,
  ScriptedJsonServer,
  type ScriptedReply,
} from './scripted-json-server.js';

/**
 * A loopback fake of the Anthropic Messages API (`POST /v1/messages`, non-streaming) that the
 * real `@anthropic-ai/sdk` reaches through `baseURL`. It checks what the real API checks first
 * (route, `anthropic-version`, the API key, required body fields) and answers in the real wire
 * format; then each test scripts the answers: a message with any text, stop reason and usage,
 * or an error (429 + retry-after, 529 overloaded, 500), optionally delayed.
 */

export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  system?: string | Array<{ type: 'text'; text: string }>;
  messages: Array<{
    role: 'user' | 'assistant';
    content: string | Array<{ type: string; text?: string }>;
  }>;
  temperature?: number;
  /** Only on Bedrock: the API version travels in the body. */
  anthropic_version?: string;
}

export interface MessageReplyOptions {
  text: string;
  stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'refusal';
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    cache_creation_input_tokens?: number;
    cache_read_input_tokens?: number;
  };
  model?: string;
  delayMs?: number;
}

let messageCounter = 0;

/** A successful Messages API answer (also the body Bedrock's InvokeModel returns for Claude). */
export function messageReply(options: MessageReplyOptions): ScriptedReply {
  messageCounter++;
  return {
    status: 200,
    headers: { 'request-id': `req_fake_${messageCounter}` },
    ...(options.delayMs ? { delayMs: options.delayMs } : {}),
    body: {
      id: `msg_fake_${messageCounter}`,
      type: 'message',
      role: 'assistant',
      model: options.model ?? 'claude-haiku-4-5-20251001',
      content: [{ type: 'text', text: options.text }],
      stop_reason: options.stopReason ?? 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: options.usage?.input_tokens ?? 10,
        output_tokens: options.usage?.output_tokens ?? 5,
        cache_creation_input_tokens: options.usage?.cache_creation_input_tokens ?? 0,
        cache_read_input_tokens: options.usage?.cache_read_input_tokens ?? 0,
        service_tier: 'standard',
      },
    },
  };
}

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** An error as the Anthropic API sends it: `{ type: 'error', error: { type, message } }`. */
export function anthropicErrorReply(
  status: number,
  type: AnthropicErrorType,
  message: string,
  headers: Record<string, string> = {},
): ScriptedReply {
  messageCounter++;
  return {
    status,
    headers: { 'request-id': `req_fake_${messageCounter}`, ...headers },
    body: { type: 'error', error: { type, message }, request_id: `req_fake_${messageCounter}` },
  };
}

/** 429 with `retry-after` in whole seconds, as the API sends it (omit for no hint). */
export function rateLimitReply(retryAfterSeconds?: number): ScriptedReply {
  return anthropicErrorReply(
    429,
    'rate_limit_error',
    'This request would exceed the rate limit for your organization.',
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  );
}

export function overloadedReply(): ScriptedReply {
  return anthropicErrorReply(529, 'overloaded_error', 'Overloaded');
}

export function serverErrorReply(): ScriptedReply {
  return anthropicErrorReply(500, 'api_error', 'Internal server error');
}

export interface FakeAnthropicOptions {
  /** When set, any other key gets 401 authentication_error. */
  apiKey?: string;
  /** Answers requests nobody scripted; default: a 400 that names the missing script. */
  fallback?: ReplyHandler<MessagesRequestBody>;
}

export type FakeAnthropic = ScriptedJsonServer<MessagesRequestBody>;

export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const server = new ScriptedJsonServer<MessagesRequestBody>({
    gate: (request) => checkRequest(request, options.apiKey),
    fallback:
      options.fallback ??
      ((_request, index) =>
        anthropicErrorReply(
          400,
          'invalid_request_error',
          `fake: no reply scripted for request ${index + 1}`,
        )),
  });
  return server.listen();
}

function checkRequest(
  request: { method: string; path: string; headers: Record<string, string>; body: unknown },
  apiKey: string | undefined,
): ScriptedReply | undefined {
  if (request.method !== 'POST' || request.path.split('?')[0] !== '/v1/messages')
    return anthropicErrorReply(
      404,
      'not_found_error',
      `Not found: ${request.method} ${request.path}`,
    );
  if (!request.headers['anthropic-version'])
    return anthropicErrorReply(
      400,
      'invalid_request_error',
      'anthropic-version: header is required',
    );
  const sent =
    request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '');
  if (!sent || (apiKey !== undefined && sent !== apiKey))
    return anthropicErrorReply(401, 'authentication_error', 'invalid x-api-key');
  const body = request.body as Partial<MessagesRequestBody> | undefined;
  if (!body || typeof body.model !== 'string')
    return anthropicErrorReply(400, 'invalid_request_error', 'model: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens ?? 0) < 1)
    return anthropicErrorReply(400, 'invalid_request_error', 'max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return anthropicErrorReply(
      400,
      'invalid_request_error',
      'messages: at least one message is required',
    );
  return undefined;
}
