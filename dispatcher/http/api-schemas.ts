import { z } from 'zod';

/** Request and response shapes of the API: validation and the OpenAPI description in one place. */

const storagePath = z
  .string()
  .min(1)
  .max(1024)
  .describe(
    "`<bucket>/<object path>` inside the user's folder, e.g. `imports/<user id>/export.zip`",
  );

export const userImportRequest = z.object({
  storagePath,
  userId: z.uuid().optional().describe("Optional; when given it must be the token's user."),
});

export const serviceImportRequest = z.object({
  userId: z.uuid().describe('Whose import this is (service-token callers only).'),
  storagePath,
});

const jobStatus = z.enum(['queued', 'launching', 'running', 'succeeded', 'failed', 'cancelled']);

export const importAccepted = z.object({ jobId: z.uuid(), status: jobStatus });

export const importStatus = z.object({
  status: z.enum(['none', 'processing', 'quick_ready', 'complete', 'failed']),
  progress: z.int().min(0).max(100),
  stage: z.string().nullable(),
  error: z.string().nullable().describe('Safe to show to the user (≤ 500 characters).'),
  jobId: z.uuid().nullable(),
});

export const statusQuery = z.object({
  userId: z.uuid().optional().describe('Required with the service token; ignored for users.'),
});

const timestamp = z.iso.datetime().nullable();

export const jobView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  status: jobStatus,
  attempt: z.int(),
  maxAttempts: z.int(),
  stage: z.string().nullable(),
  progress: z.int(),
  createdAt: z.iso.datetime(),
  launchedAt: timestamp,
  startedAt: timestamp,
  finishedAt: timestamp,
  heartbeatAt: timestamp,
  exitCode: z.int().nullable(),
  errorCode: z.string().nullable(),
  /** Service token only: platform details. */
  launcher: z.string().nullable().optional(),
  externalId: z.string().nullable().optional(),
  logRef: z.string().nullable().optional(),
  errorMessage: z.string().nullable().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});

export const apiError = z.object({
  code: z.string().describe('Stable machine-readable code, e.g. RATE_LIMITED.'),
  message: z.string(),
  requestId: z.string().optional(),
  jobId: z.uuid().optional().describe('409 IMPORT_ALREADY_ACTIVE: the active import.'),
});

export const health = z.object({ status: z.string() });
