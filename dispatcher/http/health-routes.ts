import { Hono } from 'hono';
import type { Database } from '../../core/db/index.js';
import type { AppEnv } from './app-env.js';

/** How long /readyz waits for the database. */
const READY_TIMEOUT_MS = 3000;

/** `/healthz`: the process answers. `/readyz`: and the database does too. */
export function healthRoutes(db: Database): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([db.query('select 1'), timeout]);
      return c.json({ status: 'ready' });
    } catch (error) {
      c.get('logger').warn({ msg: 'database not ready', err: (error as Error).message });
      return c.json({ code: 'DB_UNAVAILABLE', message: 'The database is not reachable.' }, 503);
    } finally {
      clearTimeout(timer);
    }
  });
  return app;
}
