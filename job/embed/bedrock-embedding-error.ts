import { AppError } from '../../core/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../../core/retry.js';

/** What the Bedrock runtime SDK's errors carry (service exceptions and network failures). */
interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string | undefined> };
}

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'ModelNotReadyException',
  'InternalServerException',
]);

const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
]);

const MAX_QUOTED_CHARS = 200;

/**
 * The AppError for a failed InvokeModel call. Throttling, unavailability, model timeouts and
 * 5xx are retryable, honouring a `retry-after` header when Bedrock sends one; so are network
 * failures (no HTTP status). Access, validation, missing models and credentials are not, and
 * the message says what to check. `what` names model and region: "Bedrock model X in us-east-1".
 */
export function bedrockEmbeddingError(thrown: unknown, what: string): AppError {
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as SdkError;
  const name = error.name ?? 'Error';
  const status = error.$metadata?.httpStatusCode;
  const requestId = error.$metadata?.requestId;
  const suffix = requestId ? ` (request id ${requestId})` : '';
  const said = quote(error.message);
  if (CREDENTIALS.has(name)) {
    return rejected(
      `${what}: no usable AWS credentials (${name}). Check the job's IAM role, AWS_PROFILE or ` +
        `the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY pair${suffix}.`,
      thrown,
    );
  }
  if (RETRYABLE.has(name) || status === undefined || isRetryableStatus(status)) {
    const headers = error.$response?.headers;
    const retryAfterMs = headers ? parseRetryAfter(headers) : undefined;
    const reason = status === undefined ? `could not be reached (${name})` : `failed: ${name}`;
    return new AppError('EMBEDDING_UNAVAILABLE', `${what} ${reason}${suffix}.`, {
      kind: 'upstream',
      cause: thrown,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  switch (name) {
    case 'AccessDeniedException':
      return rejected(
        `${what}: access denied. Check that the job's IAM role allows bedrock:InvokeModel on ` +
          `the model and that access to the model is enabled in the Bedrock console${suffix}.`,
        thrown,
      );
    case 'ResourceNotFoundException':
      return rejected(
        `${what}: model not found${said}. Check EMBEDDING_MODEL and AWS_REGION${suffix}.`,
        thrown,
      );
    case 'ValidationException':
      return rejected(
        `${what} rejected the request${said}. Check that EMBEDDING_MODEL is a Titan Text ` +
          `Embeddings v2 model${suffix}.`,
        thrown,
      );
    default:
      return rejected(`${what} refused the request: ${name}${said}${suffix}.`, thrown);
  }
}

function rejected(message: string, cause: unknown): AppError {
  return new AppError('EMBEDDING_REJECTED', message, { kind: 'config', cause });
}

/** ": <the service's message>", on one line and shortened. */
function quote(message: string | undefined): string {
  const oneLine = (message ?? '').replace(/\s+/g, ' ').trim();
  if (!oneLine || oneLine === 'UnknownError') return '';
  return `: ${oneLine.length > MAX_QUOTED_CHARS ? `${oneLine.slice(0, MAX_QUOTED_CHARS)}…` : oneLine}`;
}
