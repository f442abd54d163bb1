import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { AppConfigService } from './config/app-config.service.js';
import { ConfigValidationError } from './config/validate-env.js';

async function main(): Promise<void> {
  const app = await createApp();
  app.enableShutdownHooks();
  const { port } = app.get(AppConfigService);
  await app.listen({ port, host: '0.0.0.0' });
  new Logger('Main').log(`Call billing service listening on port ${port}`);
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
