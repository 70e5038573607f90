/**
 * Load check of the dispatcher's trigger path: 200 concurrent POST /imports from 50 users
 * (4 each, user JWTs) against a dispatcher on the embedded database whose launcher records
 * launches without starting anything. Expected: exactly 50 accepted (one per user), 150 × 409
 * (the user's import is already active), no 5xx. Prints p50/p99 latency; exits 1 otherwise.
 *
 *   npm run bench:dispatch
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { loadDispatcherConfig } from '../dispatcher/config.js';
import { startDispatcher } from '../dispatcher/start-dispatcher.js';
import { FakeLauncher } from '../test/fakes/fake-launcher.js';
import { hs256Token, JWT_SECRET } from '../test/support/user-tokens.js';

const USERS = 50;
const REQUESTS_PER_USER = 4;

const base = loadDispatcherConfig({
  SUPABASE_JWT_SECRET: JWT_SECRET,
  SUPABASE_JWT_ISSUER: 'https://project.supabase.co/auth/v1',
  HOST: '127.0.0.1',
  PORT: '0',
  SOULPRINT_DATA_DIR: 'memory://',
  RECONCILE_INTERVAL_MS: '60000',
});
// The recorder starts nothing, so the one-job-at-a-time rule of local jobs does not apply.
const config = { ...base, reconcile: { ...base.reconcile, maxActive: USERS } };
const launcher = new FakeLauncher('local');
const dispatcher = await startDispatcher(config, { launcher, logger: pino({ level: 'warn' }) });

const users = await Promise.all(
  Array.from({ length: USERS }, async () => {
    const id = randomUUID();
    return { id, token: await hs256Token({ sub: id }) };
  }),
);
const requests = users.flatMap((user) => Array.from({ length: REQUESTS_PER_USER }, () => user));
requests.sort(() => Math.random() - 0.5);

const started = performance.now();
const results = await Promise.all(
  requests.map(async (user) => {
    const t0 = performance.now();
    const response = await fetch(`${dispatcher.url}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ storagePath: `imports/${user.id}/export.zip` }),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - t0 };
  }),
);
const wallMs = performance.now() - started;
await dispatcher.stop();

const count = (predicate: (status: number) => boolean) =>
  results.filter((r) => predicate(r.status)).length;
const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
const accepted = count((s) => s === 202);
const conflicts = count((s) => s === 409);
const serverErrors = count((s) => s >= 500);
const other = results.length - accepted - conflicts - serverErrors;

console.log(`dispatch load check: ${results.length} concurrent POST /imports from ${USERS} users`);
console.log(`  202 accepted:      ${accepted}`);
console.log(`  409 already active: ${conflicts}`);
console.log(`  5xx:               ${serverErrors}`);
console.log(`  other:             ${other}`);
console.log(
  `  launches recorded: ${launcher.launches.length} (distinct users: ${new Set(launcher.launches.map((l) => l.jobId)).size})`,
);
console.log(
  `  latency p50 ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms; wall ${wallMs.toFixed(0)} ms`,
);

const ok = accepted === USERS && conflicts === results.length - USERS && serverErrors === 0;
console.log(ok ? 'OK' : 'FAILED: expected exactly 50 × 202, 150 × 409 and no 5xx');
process.exit(ok ? 0 : 1);
