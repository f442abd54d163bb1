import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { DatabaseConnector } from '../platform/database/database-connector.js';

/** A command-line tool cannot wait for the database the way the server does: it stops. */
export class CliDatabaseUnavailableError extends Error {
  override readonly name = 'CliDatabaseUnavailableError';
}

/**
 * The app's modules without HTTP, for the command-line tools (`import`, `billing:rebuild`): the
 * same configuration, database and services as the server.
 */
export async function openCliContext(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  if (!app.get(DatabaseConnector).isConnected) {
    await app.close();
    throw new CliDatabaseUnavailableError(
      'the database is unavailable (see the line above)',
    );
  }
  return app;
}
