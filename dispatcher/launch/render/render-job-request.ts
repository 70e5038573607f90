import type { ContainerState, LaunchSpec } from '../launcher.js';

/**
 * Render's one-off jobs API (https://api.render.com/v1), as pure request builders and a pure
 * reading of the Job object. A job runs on a base service (the "job template") with that
 * service's latest build and environment; per job only `startCommand` and `planId` can be set,
 * so the command carries the job id and nothing else.
 */

export interface RenderJobSettings {
  /** The base service (`srv-…`) whose build and environment jobs inherit. */
  serviceId: string;
  /** The start command with `{jobId}` where the id goes. */
  startCommand: string;
  /** Instance type for jobs (`plan-srv-008` = 2 GB); the base service's when undefined. */
  planId: string | undefined;
}

export interface RenderRequest {
  method: 'GET' | 'POST';
  /** Relative to the API base URL, e.g. `/services/srv-1/jobs`. */
  path: string;
  body?: Record<string, unknown>;
}

/** The Job object's fields we read. `status` is null or missing right after creation. */
export interface RenderJob {
  id: string;
  serviceId?: string;
  startCommand?: string;
  status?: 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export function startCommandFor(settings: RenderJobSettings, spec: LaunchSpec): string {
  return settings.startCommand.replaceAll('{jobId}', spec.jobId);
}

export function createJobRequest(settings: RenderJobSettings, spec: LaunchSpec): RenderRequest {
  return {
    method: 'POST',
    path: `/services/${encodeURIComponent(settings.serviceId)}/jobs`,
    body: {
      startCommand: startCommandFor(settings, spec),
      ...(settings.planId ? { planId: settings.planId } : {}),
    },
  };
}

export function retrieveJobRequest(
  settings: RenderJobSettings,
  renderJobId: string,
): RenderRequest {
  return {
    method: 'GET',
    path: `/services/${encodeURIComponent(settings.serviceId)}/jobs/${encodeURIComponent(renderJobId)}`,
  };
}

export function cancelJobRequest(settings: RenderJobSettings, renderJobId: string): RenderRequest {
  return {
    method: 'POST',
    path: `/services/${encodeURIComponent(settings.serviceId)}/jobs/${encodeURIComponent(renderJobId)}/cancel`,
  };
}

/**
 * Render reports no exit code and no reason: `failed` is any non-zero exit, an OOM kill or a
 * crash alike (the job writes its own outcome before exiting when it can). A failure before
 * `startedAt` is taken as a failure to start.
 */
export function renderJobState(job: RenderJob): ContainerState {
  switch (job.status ?? 'pending') {
    case 'pending':
      return { state: 'pending' };
    case 'running':
      return { state: 'running' };
    case 'succeeded':
      return { state: 'exited', exitCode: 0, cause: 'exit', reason: null };
    case 'canceled':
      return { state: 'exited', exitCode: null, cause: 'stopped', reason: 'Render job canceled' };
    default:
      return {
        state: 'exited',
        exitCode: null,
        cause: job.startedAt ? 'unknown' : 'failed_to_start',
        reason: `Render job ${job.status}`,
      };
  }
}
