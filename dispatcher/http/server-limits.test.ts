import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_LIMITS } from './server-limits.js';

/** The dispatcher's server options, on a real server: a client that trickles is cut off. */
let server: ReturnType<typeof serve>;
let port: number;
beforeAll(async () => {
  const app = new Hono().get('/', (c) => c.text('ok'));
  server = await new Promise((resolve) => {
    const started = serve(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: SERVER_LIMITS },
      () => resolve(started),
    );
  });
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Opens a connection that sends one header byte a second; resolves with how long it lived. */
function slowClient(): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'));
    const drip = setInterval(() => socket.write('X'), 1000);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      resolve(performance.now() - started);
    });
  });
}

describe('server limits', () => {
  it('closes connections that trickle their headers, many at once, after the header timeout', async () => {
    const lived = await Promise.all(Array.from({ length: 50 }, () => slowClient()));
    const limit =
      (SERVER_LIMITS.headersTimeout ?? 0) + (SERVER_LIMITS.connectionsCheckingInterval ?? 0);
    for (const ms of lived) expect(ms).toBeLessThan(limit + 5_000);
    // A normal request still works.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
  }, 60_000);
});
