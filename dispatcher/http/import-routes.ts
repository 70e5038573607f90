import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { ImportService } from '../imports/import-service.js';
import { clientError, forbidden, invalidRequest, notFound } from './api-errors.js';
import { serviceImportRequest, statusQuery, userImportRequest } from './api-schemas.js';
import type { AppEnv } from './app-env.js';
import type { Authenticate } from './authenticate.js';
import { jobView } from './job-view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/imports…`: every route needs a user JWT or the service token. */
export function importRoutes(deps: {
  authenticate: Authenticate;
  imports: ImportService;
}): Hono<AppEnv> {
  const { imports } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('principal', await deps.authenticate(c.req.header('authorization')));
    await next();
  });

  app.post(
    '/',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw invalidRequest('The body is too large.');
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const body = await readJson(c.req.raw);
      let userId: string;
      let storagePath: string;
      if (principal.kind === 'service') {
        ({ userId, storagePath } = validate(serviceImportRequest, body));
      } else {
        const request = validate(userImportRequest, body);
        if (request.userId !== undefined && request.userId !== principal.userId) {
          throw forbidden('A user can only start their own import.');
        }
        ({ userId } = principal);
        ({ storagePath } = request);
      }
      const result = await imports.submit(userId, storagePath, c.get('logger'));
      c.header('location', `/imports/${result.jobId}`);
      return c.json(result, 202);
    },
  );

  app.get('/status', async (c) => {
    const principal = c.get('principal');
    if (principal.kind === 'user') return c.json(await imports.status(principal.userId));
    const { userId } = validate(statusQuery, { userId: c.req.query('userId') });
    if (!userId) throw invalidRequest('With the service token, pass ?userId=<uuid>.');
    return c.json(await imports.status(userId));
  });

  app.get('/:id', async (c) => {
    const principal = c.get('principal');
    const job = await imports.job(jobIdParam(c.req.param('id')), principal);
    return c.json(jobView(job, principal));
  });

  app.post('/:id/cancel', async (c) => {
    const result = await imports.cancel(
      jobIdParam(c.req.param('id')),
      c.get('principal'),
      c.get('logger'),
    );
    return c.json(result, 202);
  });
  return app;
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw clientError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON, with the header Content-Type: application/json.',
    );
  }
  try {
    return await request.json();
  } catch {
    throw invalidRequest(
      'The body must be JSON, e.g. {"storagePath": "imports/<user id>/export.zip"}.',
    );
  }
}

function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw invalidRequest(`Invalid request. ${problems.join('; ')}.`);
}

/** Not a UUID: no such job (a 404 like any other unknown id). */
function jobIdParam(id: string): string {
  if (!UUID.test(id)) throw notFound('There is no such import.');
  return id;
}
