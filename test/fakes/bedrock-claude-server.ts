import { type MessagesRequestBody, messageReply } from './anthropic-messages-server.js';
import {
  type ReplyHandler,
  ScriptedJsonServer,
  type ScriptedReply,
} from './scripted-json-server.js';

/**
 * A loopback fake of Amazon Bedrock's InvokeModel for Claude (`POST /model/{modelId}/invoke`)
 * that the real `@anthropic-ai/bedrock-sdk` reaches through `baseURL`. Like Bedrock it wants a
 * SigV4 (or bearer) `authorization` header, `anthropic_version: "bedrock-2023-05-31"` in the
 * body and no `model` in it (the model is in the path); answers are the Messages API body
 * (`messageReply`), errors are Bedrock's: `x-amzn-errortype` and `{ message }`.
 */

export type FakeBedrock = ScriptedJsonServer<MessagesRequestBody>;

export type BedrockErrorType =
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'UnrecognizedClientException'
  | 'ResourceNotFoundException'
  | 'ThrottlingException'
  | 'ServiceUnavailableException'
  | 'InternalServerException'
  | 'ModelTimeoutException';

/** An error as Bedrock sends it. */
export function bedrockErrorReply(
  status: number,
  type: BedrockErrorType,
  message: string,
): ScriptedReply {
  return {
    status,
    headers: {
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': crypto.randomUUID(),
    },
    body: { message },
  };
}

export function throttlingReply(): ScriptedReply {
  return bedrockErrorReply(
    429,
    'ThrottlingException',
    'Too many requests, please wait before trying again.',
  );
}

/** A Claude answer as InvokeModel returns it, with Bedrock's token-count headers. */
export function invokeReply(options: Parameters<typeof messageReply>[0]): ScriptedReply {
  const reply = messageReply(options);
  const usage = (reply.body as { usage: { input_tokens: number; output_tokens: number } }).usage;
  return {
    ...reply,
    headers: {
      'x-amzn-requestid': crypto.randomUUID(),
      'x-amzn-bedrock-input-token-count': String(usage.input_tokens),
      'x-amzn-bedrock-output-token-count': String(usage.output_tokens),
    },
  };
}

export interface FakeBedrockOptions {
  fallback?: ReplyHandler<MessagesRequestBody>;
}

export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const server = new ScriptedJsonServer<MessagesRequestBody>({
    gate: checkRequest,
    fallback:
      options.fallback ??
      ((_request, index) =>
        bedrockErrorReply(
          400,
          'ValidationException',
          `fake: no reply scripted for request ${index + 1}`,
        )),
  });
  return server.listen();
}

/** The model id from `/model/{modelId}/invoke`. */
export function invokedModelId(path: string): string | undefined {
  return /^\/model\/([^/]+)\/invoke$/.exec(path.split('?')[0]!)?.[1];
}

function checkRequest(request: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}): ScriptedReply | undefined {
  if (request.method !== 'POST' || !invokedModelId(request.path))
    return bedrockErrorReply(
      404,
      'ResourceNotFoundException',
      `No route for ${request.method} ${request.path}`,
    );
  const auth = request.headers.authorization ?? '';
  if (
    !/^AWS4-HMAC-SHA256 Credential=\S+\/bedrock\/aws4_request/.test(auth) &&
    !/^Bearer \S+/.test(auth)
  )
    return bedrockErrorReply(403, 'AccessDeniedException', 'Missing Authentication Token');
  const body = request.body as Record<string, unknown> | undefined;
  if (!body) return bedrockErrorReply(400, 'ValidationException', 'Malformed input request');
  if (body.anthropic_version !== 'bedrock-2023-05-31')
    return bedrockErrorReply(400, 'ValidationException', 'invalid anthropic_version');
  if ('model' in body)
    return bedrockErrorReply(
      400,
      'ValidationException',
      'Malformed input request: extraneous key [model] is not permitted',
    );
  return undefined;
}
