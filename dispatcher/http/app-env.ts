import type { Logger } from '../../core/log.js';
import type { Principal } from './principal.js';

/** What each request carries through the middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Bound to the request id. */
    logger: Logger;
    principal: Principal;
  };
}
