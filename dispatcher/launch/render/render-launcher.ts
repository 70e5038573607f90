import { AppError } from '../../../core/errors.js';
import { launchFailed } from '../launch-error.js';
import type { ContainerState, Launched, Launcher, LaunchSpec } from '../launcher.js';
import { type RenderApiSettings, sendRenderRequest } from './render-api.js';
import {
  cancelJobRequest,
  createJobRequest,
  type RenderJob,
  type RenderJobSettings,
  renderJobState,
  retrieveJobRequest,
} from './render-job-request.js';

export type RenderLauncherOptions = RenderApiSettings & RenderJobSettings;

/**
 * A Render one-off job per attempt on the job template service. Render keeps no per-job
 * environment and reports no exit code, so the job id travels in the start command and the
 * job's own status is what the reconciler trusts; Render's `failed` only tells that it died.
 * Jobs are polled one GET each (Render allows 400 GETs a minute).
 */
export class RenderLauncher implements Launcher {
  readonly name = 'render';
  /** Render cannot tell an OOM kill from a crash; size RENDER_PLAN_ID for the largest export. */
  readonly memory = undefined;

  constructor(private readonly options: RenderLauncherOptions) {}

  async launch(spec: LaunchSpec, signal?: AbortSignal): Promise<Launched> {
    const response = await sendRenderRequest<RenderJob>(
      this.options,
      createJobRequest(this.options, spec),
      signal,
    );
    if (response.status === 404) {
      throw launchFailed(
        `Render has no service ${this.options.serviceId}: check RENDER_JOB_SERVICE_ID.`,
        { retryable: false },
      );
    }
    const id = response.body?.id;
    if (typeof id !== 'string' || id === '') {
      throw launchFailed('Render created a job but its answer has no job id.', {
        retryable: false,
      });
    }
    return { externalId: id, logRef: `render:${id}` };
  }

  async inspect(
    externalIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, ContainerState>> {
    const states = new Map<string, ContainerState>();
    for (const id of externalIds) {
      const response = await sendRenderRequest<RenderJob>(
        this.options,
        retrieveJobRequest(this.options, id),
        signal,
      );
      states.set(
        id,
        response.status === 404
          ? { state: 'missing', reason: `Render has no job ${id}` }
          : renderJobState(response.body),
      );
    }
    return states;
  }

  async stop(externalId: string, _reason: string, signal?: AbortSignal): Promise<void> {
    // A job that already ended, or is unknown, needs no cancel.
    await sendRenderRequest(this.options, cancelJobRequest(this.options, externalId), signal).catch(
      (error: unknown) => {
        if (!(error instanceof AppError) || error.retryable) throw error;
      },
    );
  }
}
