import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * Helpers for reading configuration from the environment with zod. Only the config modules
 * (the `config.ts` of each deployable) call these; everything else receives a typed, frozen config object.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Treats empty and whitespace-only values as unset, like most twelve-factor tooling. */
export function cleanEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

/** "true"/"1"/"yes" and "false"/"0"/"no", case-insensitive. */
export const boolEnv = z.string().transform((value, ctx) => {
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  ctx.addIssue({ code: 'custom', message: 'expected true or false' });
  return z.NEVER;
});

/** A whole number of bytes; accepts a plain number or a number with KB/MB/GB (binary). */
export const bytesEnv = z.string().transform((value, ctx) => {
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'expected a size such as 67108864 or 64MB' });
    return z.NEVER;
  }
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  return Number(match[1]) * factor;
});

export const positiveIntEnv = z.coerce.number().int().positive();

/**
 * Parses `env` with `schema` once. A missing or malformed variable stops with a message that
 * names each variable and what it should hold; values are never echoed (they may be secrets).
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: Env): z.output<T> {
  const result = schema.safeParse(cleanEnv(env));
  if (result.success) return Object.freeze(result.data) as z.output<T>;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    return `${name}: ${issue.message}`;
  });
  throw new AppError('CONFIG_INVALID', `Configuration is invalid. ${problems.join('; ')}.`, {
    kind: 'config',
    cause: result.error,
  });
}
