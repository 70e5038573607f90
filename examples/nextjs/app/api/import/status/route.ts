import {
  callDispatcher,
  jsonResponse,
  SERVICE_UNAVAILABLE,
} from '../../../../lib/dispatcher-call.js';
import { importRouteConfig } from '../../../../lib/import-route-config.js';
import { signedInUser } from '../../../../lib/signed-in-user.js';

/**
 * GET /api/import/status, a drop-in for the old route the import page polls every 2 s:
 * `{status, progress, error}` (`status` one of none, processing, quick_ready, complete, failed),
 * plus the dispatcher's extras (`stage`, `jobId`, `startedAt`, `queued`, `attempt`). A dispatcher
 * that cannot be reached answers 503 with status `processing`, so a page that stops polling at
 * `failed` keeps polling through a short outage.
 */
export async function GET(request: Request): Promise<Response> {
  const config = importRouteConfig();
  const user = await signedInUser(request, config);
  if (!user)
    return jsonResponse({ status: 'none', progress: 0, error: 'Please sign in again.' }, 401, null);
  const answer = await callDispatcher(config, user, '/imports/status');
  if (!answer || answer.status >= 500) {
    return jsonResponse(
      { status: 'processing', progress: null, error: SERVICE_UNAVAILABLE },
      503,
      user,
    );
  }
  if (answer.status !== 200) {
    return jsonResponse(
      { status: 'none', progress: 0, error: answer.body.message ?? null },
      answer.status,
      user,
    );
  }
  const body = answer.body;
  return jsonResponse(
    {
      ...body,
      status: body.status ?? 'none',
      progress: body.progress ?? 0,
      error: body.error ?? null,
    },
    200,
    user,
  );
}
