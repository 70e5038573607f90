import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { AppError, type ErrorKind, toError } from '../../core/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../../core/retry.js';
import type { LlmProvider } from './llm-client.js';
import { LlmError, redactSecrets } from './llm-error.js';

/** What the adapter knows about the call, for messages that say what to check. */
export interface SdkErrorContext {
  provider: LlmProvider;
  model: string;
  /** Bedrock only. */
  region?: string;
  /** Values that must never appear in a message (API key, AWS secret). */
  secrets: ReadonlyArray<string | undefined>;
}

const MAX_PROVIDER_MESSAGE = 300;

/**
 * Turns anything the Anthropic or Bedrock SDK throws into an AppError: 429 → retryable
 * LLM_RATE_LIMITED with the server's wait; 529/503 overload, other 5xx, 408/409, timeouts and
 * connection failures → retryable LLM_UNAVAILABLE; 401/403/404 and other 4xx → LLM_REJECTED
 * saying what to check; an aborted signal → CANCELLED. Messages never contain a secret.
 */
export function mapSdkError(thrown: unknown, context: SdkErrorContext): AppError {
  if (thrown instanceof AppError) return thrown;
  const service = context.provider === 'anthropic' ? 'The Anthropic API' : 'Amazon Bedrock';
  const safe = (text: string) => redactSecrets(text, context.secrets);
  const cause = safeCause(thrown, safe);

  if (thrown instanceof APIUserAbortError) {
    return new AppError('CANCELLED', 'Stopped before finishing; a re-run resumes.', {
      kind: 'cancelled',
      cause,
    });
  }
  if (thrown instanceof APIConnectionTimeoutError) {
    return new LlmError('LLM_UNAVAILABLE', `${service} did not answer in time.`, {
      kind: 'upstream',
      cause,
    });
  }
  if (thrown instanceof APIConnectionError) {
    if (context.provider === 'bedrock' && /AWS credentials/i.test(thrown.message)) {
      return new LlmError(
        'LLM_REJECTED',
        'No AWS credentials were found for Bedrock. Set AWS_ACCESS_KEY_ID and ' +
          'AWS_SECRET_ACCESS_KEY, or run with an IAM role that may call bedrock:InvokeModel.',
        { kind: 'config', cause },
      );
    }
    return new LlmError('LLM_UNAVAILABLE', `${service} could not be reached.`, {
      kind: 'upstream',
      cause,
    });
  }
  if (thrown instanceof APIError && typeof thrown.status === 'number') {
    return fromStatus(thrown, thrown.status, context, service, safe, cause);
  }
  return new AppError(
    'INTERNAL',
    'The LLM call failed unexpectedly. The details are in the logs.',
    {
      kind: 'internal',
      cause,
    },
  );
}

function fromStatus(
  error: APIError,
  status: number,
  context: SdkErrorContext,
  service: string,
  safe: (text: string) => string,
  cause: Error,
): AppError {
  const retryAfterMs = error.headers ? parseRetryAfter(error.headers) : undefined;
  const errorType = providerErrorType(error);
  const label = errorType ? `${status} ${errorType}` : String(status);
  const detail = providerMessage(error);
  const said = detail ? `: "${safe(detail)}"` : '';

  if (status === 429) {
    return new LlmError('LLM_RATE_LIMITED', `${service} is rate limiting us (${label}).`, {
      kind: 'upstream',
      status,
      backpressure: true,
      cause,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (isRetryableStatus(status)) {
    const overloaded =
      status === 529 ||
      errorType === 'overloaded_error' ||
      (context.provider === 'bedrock' && status === 503);
    const what = overloaded ? 'is overloaded' : 'failed on its side';
    return new LlmError('LLM_UNAVAILABLE', `${service} ${what} (${label}).`, {
      kind: 'upstream',
      status,
      backpressure: overloaded,
      cause,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const { check, kind } = whatToCheck(status, errorType, context);
  return new LlmError(
    'LLM_REJECTED',
    `${service} refused the request (${label})${said}. ${check}`,
    {
      kind,
      status,
      retryable: false,
      cause,
    },
  );
}

function whatToCheck(
  status: number,
  errorType: string | undefined,
  { provider, model, region }: SdkErrorContext,
): { check: string; kind: ErrorKind } {
  if (provider === 'anthropic') {
    if (status === 401) return { kind: 'config', check: 'Check ANTHROPIC_API_KEY.' };
    if (status === 403)
      return {
        kind: 'config',
        check: `Check that ANTHROPIC_API_KEY may use the model "${model}".`,
      };
    if (status === 404)
      return { kind: 'config', check: `Check LLM_MODEL: "${model}" was not found.` };
    return { kind: 'internal', check: `Check LLM_MODEL ("${model}") and the request size.` };
  }
  const where = `"${model}" in ${region ?? 'the configured region'}`;
  if (status === 401 || errorType === 'UnrecognizedClientException')
    return { kind: 'config', check: 'Check the AWS credentials.' };
  if (status === 403)
    return {
      kind: 'config',
      check: `Check the AWS credentials, their bedrock:InvokeModel permission and model access to ${where}.`,
    };
  if (status === 404)
    return {
      kind: 'config',
      check: `Check BEDROCK_MODEL_ID and AWS_REGION: ${where} was not found.`,
    };
  return {
    kind: 'internal',
    check: `Check BEDROCK_MODEL_ID (recent Claude models need an inference profile id such as "us.${model.replace(/^(global|us|eu|apac|jp|au)\./, '')}") and the request size.`,
  };
}

/** `error.type` from an Anthropic body, or the `x-amzn-errortype` name from Bedrock. */
function providerErrorType(error: APIError): string | undefined {
  if (error.type) return error.type;
  const amzn = error.headers?.get('x-amzn-errortype');
  return amzn ? amzn.split(':')[0] : undefined;
}

/** The provider's own explanation: Anthropic `error.message`, Bedrock `message`. */
function providerMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown; Message?: unknown } | undefined;
  const text =
    error.apiMessage ??
    (typeof body?.message === 'string' ? body.message : undefined) ??
    (typeof body?.Message === 'string' ? body.Message : undefined);
  if (!text) return undefined;
  return text.length > MAX_PROVIDER_MESSAGE ? `${text.slice(0, MAX_PROVIDER_MESSAGE)}…` : text;
}

/** The SDK error as the cause, unless its message holds a secret: then a redacted copy. */
function safeCause(thrown: unknown, safe: (text: string) => string): Error {
  const error = toError(thrown);
  const message = safe(error.message);
  if (message === error.message) return error;
  const copy = new Error(message);
  copy.name = error.name;
  return copy;
}
