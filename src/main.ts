import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { AppConfigService } from './config/app-config.service.js';
import { ConfigValidationError, validateEnv } from './config/validate-env.js';
import { runClustered } from './cluster.js';

async function serve(): Promise<void> {
  const app = await createApp();
  app.enableShutdownHooks();
  const { port } = app.get(AppConfigService);
  await app.listen({ port, host: '0.0.0.0' });
  new Logger('Main').log(`Call billing service listening on port ${port}`);
}

/** WEB_CONCURRENCY worker processes share the port; each builds and validates the whole app. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return runClustered(validateEnv(process.env).webConcurrency, serve);
}

main().catch((error: unknown) => {
  // A bad setting is the operator's to fix: one clear line, no stack trace.
  if (error instanceof ConfigValidationError) {
    console.error(error.message);
  } else {
    console.error('The service failed to start:', error);
  }
  process.exit(1);
});
