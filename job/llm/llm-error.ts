import { AppError, type AppErrorOptions, type ErrorCode } from '../../core/errors.js';

/**
 * An AppError from the LLM layer that also says whether the provider pushed back (rate
 * limit or overload), which is what shrinks the adaptive concurrency limit.
 */
export class LlmError extends AppError {
  /** HTTP status of the provider's answer, when there was one. */
  readonly status: number | undefined;
  /** True for 429 and for overload (Anthropic 529, Bedrock 503): send less, not just later. */
  readonly backpressure: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: AppErrorOptions & { status?: number; backpressure?: boolean },
  ) {
    super(code, message, options);
    this.status = options.status;
    this.backpressure = options.backpressure ?? false;
  }
}

/** Whether an error means "too much traffic": the limiter halves on these. */
export function isBackpressure(error: unknown): boolean {
  return error instanceof LlmError && error.backpressure;
}

/** Replaces each secret found in `text` with `***` (secrets shorter than 4 chars are ignored). */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
