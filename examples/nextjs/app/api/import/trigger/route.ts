import {
  callDispatcher,
  jsonResponse,
  SERVICE_UNAVAILABLE,
} from '../../../../lib/dispatcher-call.js';
import { importRouteConfig } from '../../../../lib/import-route-config.js';
import { signedInUser } from '../../../../lib/signed-in-user.js';

/**
 * POST /api/import/trigger, a drop-in for the old route: after the upload reached Supabase
 * Storage, start its import. Body: `{storagePath}` (also accepted as `storage_path` or `path`).
 * Answers 202 `{status: 'processing', progress: 0, jobId}` (also when an import of this user is
 * already running: the page then follows that one), 401 when nobody is signed in, 503 with the
 * old message when the processing service cannot be reached.
 */
export async function POST(request: Request): Promise<Response> {
  const config = importRouteConfig();
  const user = await signedInUser(request, config);
  if (!user) return jsonResponse({ status: 'none', error: 'Please sign in again.' }, 401, null);
  const input = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  const storagePath = input.storagePath ?? input.storage_path ?? input.path;
  if (typeof storagePath !== 'string' || storagePath === '') {
    return jsonResponse(
      { error: 'Say which upload to import: {"storagePath": "..."}.' },
      400,
      user,
    );
  }
  const answer = await callDispatcher(config, user, '/imports', {
    method: 'POST',
    body: { storagePath },
  });
  if (!answer || answer.status >= 500) {
    return jsonResponse({ status: 'failed', error: SERVICE_UNAVAILABLE }, 503, user);
  }
  if (answer.status === 202 || answer.body.code === 'IMPORT_ALREADY_ACTIVE') {
    return jsonResponse(
      { status: 'processing', progress: 0, jobId: answer.body.jobId ?? null },
      202,
      user,
    );
  }
  return jsonResponse(
    { error: answer.body.message ?? 'The import could not be started.' },
    answer.status,
    user,
  );
}
