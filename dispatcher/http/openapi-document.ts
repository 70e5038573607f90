import { z } from 'zod';
import {
  apiError,
  health,
  importAccepted,
  importStatus,
  jobView,
  serviceImportRequest,
  userImportRequest,
} from './api-schemas.js';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const error = (description: string) => ({ description, content: json(apiError) });
const ERRORS = {
  401: error('No credentials, or they are not valid (expired, wrong audience, bad signature).'),
  403: error("Valid credentials that may not do this (not a user token; another user's path)."),
  500: error('Something failed on our side; the body names the request id for the logs.'),
};
const jobIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

/** The OpenAPI 3.1 description served at /openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Soulprint import dispatcher',
      version: '1.0.0',
      description:
        "Starts one isolated import job per ChatGPT export and reports its progress. Authenticate with the user's Supabase access token, or the service token for server-to-server calls.",
    },
    components: {
      securitySchemes: {
        supabaseUser: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        serviceToken: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ supabaseUser: [] }, { serviceToken: [] }],
    paths: {
      '/imports': {
        post: {
          summary: 'Start an import of an uploaded export',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    z.toJSONSchema(userImportRequest, { io: 'input' }),
                    z.toJSONSchema(serviceImportRequest, { io: 'input' }),
                  ],
                },
              },
            },
          },
          responses: {
            202: {
              description: 'Accepted: the job is queued or launching.',
              content: json(importAccepted),
            },
            400: error('Invalid body or storage path (STORAGE_PATH_INVALID, INVALID_REQUEST).'),
            415: error('UNSUPPORTED_MEDIA_TYPE: the body is not sent as application/json.'),
            409: error(
              'IMPORT_ALREADY_ACTIVE: the user already has an import in progress (`jobId`).',
            ),
            429: error('RATE_LIMITED: too many imports recently; see Retry-After.'),
            ...ERRORS,
          },
        },
      },
      '/imports/status': {
        get: {
          summary: "The user's current import, as the app polls it",
          parameters: [
            {
              name: 'userId',
              in: 'query',
              required: false,
              schema: { type: 'string', format: 'uuid' },
              description: 'Service token only.',
            },
          ],
          responses: {
            200: { description: 'Status', content: json(importStatus) },
            400: error('Missing userId (service token).'),
            ...ERRORS,
          },
        },
      },
      '/imports/{id}': {
        get: {
          summary: 'One import job (its owner, or the service token)',
          parameters: [jobIdParameter],
          responses: {
            200: { description: 'The job', content: json(jobView) },
            404: error('No such job, or not yours.'),
            ...ERRORS,
          },
        },
      },
      '/imports/{id}/cancel': {
        post: {
          summary: 'Cancel an unfinished import',
          parameters: [jobIdParameter],
          responses: {
            202: {
              description: 'Cancelled; its container is being stopped.',
              content: json(importAccepted),
            },
            404: error('No such job, or not yours.'),
            409: error('IMPORT_FINISHED: the job has already ended.'),
            ...ERRORS,
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process is alive',
          security: [],
          responses: { 200: { description: 'Alive', content: json(health) } },
        },
      },
      '/readyz': {
        get: {
          summary: 'The database answers',
          security: [],
          responses: {
            200: { description: 'Ready', content: json(health) },
            503: error('DB_UNAVAILABLE'),
          },
        },
      },
    },
  };
}
