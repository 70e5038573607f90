#!/usr/bin/env node
import { createLogger } from '../core/log.js';
import { loadDispatcherConfig } from './config.js';
import { startDispatcher } from './start-dispatcher.js';

/**
 * The dispatcher: `node dist/dispatcher/main.js`. Configuration from the environment (see
 * config.ts and infra/README.md); a bad value stops it here with the variable named. SIGTERM or
 * SIGINT stop it gracefully (local jobs get SIGTERM and checkpoint; they are retried later).
 */
const logger = createLogger({ service: 'dispatcher' });
try {
  const config = loadDispatcherConfig();
  const dispatcher = await startDispatcher(config, {
    logger: createLogger({ service: 'dispatcher', level: config.logLevel }),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ msg: 'stopping', signal });
    dispatcher.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ msg: 'stop failed', err: error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.fatal({ msg: 'dispatcher could not start', err: error });
  process.exitCode = 78;
}
