#!/usr/bin/env node
// A stand-in `docker` binary for the docker launcher's tests: `run` prints its arguments and
// the values of the `--env NAME` variables it was given (as docker would copy them from its own
// environment), then exits with FAKE_DOCKER_EXIT; `stop` succeeds; `inspect` knows no container.
const [command, ...args] = process.argv.slice(2);
if (command === 'run') {
  const forwarded = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--env' && !args[i + 1].includes('='))
      forwarded[args[i + 1]] = process.env[args[i + 1]] ?? null;
  }
  console.log(JSON.stringify({ args, forwarded }));
  const code = Number(process.env.FAKE_DOCKER_EXIT ?? '0');
  if (process.env.FAKE_DOCKER_SLEEP) {
    process.on('SIGTERM', () => process.exit(143));
    setInterval(() => {}, 1000);
  } else {
    process.exit(code);
  }
} else if (command === 'stop') {
  process.exit(0);
} else if (command === 'inspect') {
  console.error(`Error: No such object: ${args.at(-1)}`);
  process.exit(1);
} else {
  process.exit(125);
}
