import { existsSync } from 'node:fs';
import { runClustered } from './cluster.js';
import {
  ConfigValidationError,
  validateEnv,
} from './platform/config/validate-env.js';
import { createRootLogger } from './platform/logging/root-logger.js';

/** Logs what happens before an app (and its logger) exists, and in a cluster's primary. */
const logger = createRootLogger('info');

/**
 * Builds the app and listens. The app is imported here, not at the top: a cluster's primary
 * process only supervises, and without Nest, TypeORM and Swagger loaded it holds a few MB
 * instead of ~130.
 */
async function serve(): Promise<void> {
  await import('reflect-metadata');
  const [
    { createApp },
    { AppConfigService },
    { stopGracefullyOnSignals },
    { listeningLine },
    { AutoCloseTicker },
  ] = await Promise.all([
    import('./app.factory.js'),
    import('./platform/config/app-config.service.js'),
    import('./platform/http/graceful-stop.js'),
    import('./platform/http/listening.js'),
    import('./invoicing/services/auto-close.ticker.js'),
  ]);
  const starting = createApp();
  stopGracefullyOnSignals(starting, logger);
  const app = await starting;
  const config = app.get(AppConfigService);
  const port = config.get('port');
  const { host } = config.get('http');
  const { apiKeys, adminApiKeys } = config.get('auth');
  await app.listen({ port, host });
  logger.info(
    { context: 'Main' },
    listeningLine(host, port, apiKeys.length + adminApiKeys.length),
  );
  // Server processes close due periods by themselves; the command-line tools do not.
  app.get(AutoCloseTicker).start();
}

/** WEB_CONCURRENCY worker processes share the port; each builds and validates the whole app. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return runClustered(validateEnv(process.env).webConcurrency, serve, logger);
}

main().catch((error: unknown) => {
  // A bad setting is the operator's to fix: one clear line, no stack trace.
  if (error instanceof ConfigValidationError) {
    logger.fatal(error.message);
  } else {
    logger.fatal({ err: error }, 'The service failed to start');
  }
  process.exit(1);
});
