import type { ServerOptions } from 'node:http';

/**
 * How long a client may take to send a request. A connection that trickles its headers
 * (slowloris) or its body is closed instead of holding a socket forever; responses, including
 * the console's long-lived event streams, are not limited. Checked every 2 s.
 */
export const SERVER_LIMITS: ServerOptions = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 2_000,
};
