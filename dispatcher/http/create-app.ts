import { Hono } from 'hono';
import type { Database } from '../../core/db/index.js';
import type { Logger } from '../../core/log.js';
import type { ImportService } from '../imports/import-service.js';
import type { AppEnv } from './app-env.js';
import type { Authenticate } from './authenticate.js';
import { corsForOrigins } from './cors.js';
import { errorResponse } from './error-response.js';
import { healthRoutes } from './health-routes.js';
import { importRoutes } from './import-routes.js';
import { openApiDocument } from './openapi-document.js';
import { requestContext } from './request-context.js';

export interface AppDeps {
  db: Database;
  logger: Logger;
  authenticate: Authenticate;
  imports: ImportService;
  /** Browser origins allowed to call `/imports` (CORS); none by default. */
  corsAllowedOrigins?: readonly string[];
}

/** The dispatcher's HTTP API as a Hono app: `(Request) → Response`, served by main, tested in-process. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const document = openApiDocument();
  app.use('*', requestContext(deps.logger));
  app.route('/', healthRoutes(deps.db));
  app.get('/openapi.json', (c) => c.json(document));
  if (deps.corsAllowedOrigins && deps.corsAllowedOrigins.length > 0) {
    const allowCors = corsForOrigins(deps.corsAllowedOrigins);
    app.use('/imports', allowCors);
    app.use('/imports/*', allowCors);
  }
  app.route('/imports', importRoutes(deps));
  app.notFound((c) =>
    c.json({ code: 'NOT_FOUND', message: `There is no ${c.req.method} ${c.req.path}.` }, 404),
  );
  app.onError(errorResponse);
  return app;
}
