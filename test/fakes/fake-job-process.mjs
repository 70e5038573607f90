#!/usr/bin/env node
// A stand-in program for the launcher tests (not for the end-to-end test, which runs the real
// job): `<this> run --job-id <id>` behaves as FAKE_JOB says, so the launchers' handling of exits,
// signals and environment is tested on real processes. FAKE_JOB: exit:<code> | oom | sleep.
const [command, flag, jobId] = process.argv.slice(2);
console.log(
  JSON.stringify({
    command,
    flag,
    jobId,
    databaseUrl: process.env.DATABASE_URL ?? null,
    poolMax: process.env.DATABASE_POOL_MAX ?? null,
    storageDir: process.env.SOULPRINT_STORAGE_DIR ?? null,
    serviceToken: process.env.SERVICE_TOKEN ?? null,
  }),
);
const behaviour = process.env.FAKE_JOB ?? 'exit:0';
if (behaviour.startsWith('exit:')) process.exit(Number(behaviour.slice(5)));
if (behaviour === 'oom') process.kill(process.pid, 'SIGKILL');
if (behaviour === 'sleep') {
  process.on('SIGTERM', () => {
    console.log('checkpointed');
    process.exit(143);
  });
  setInterval(() => {}, 1000);
}
