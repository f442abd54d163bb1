import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { ConfigValidationError } from '../platform/config/validate-env.js';
import { DatabaseConnector } from '../platform/database/database-connector.js';
import { isDatabaseUnavailable } from '../platform/database/database-errors.js';

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

/**
 * Runs a command's `main` and exits with the code it answers. A failure exits 2: one line for
 * what the operator can fix (a setting, the database away, or what `expected` recognises), the
 * stack for anything else, a fault of ours that whoever reports it will want.
 */
export function runCommand(
  name: string,
  main: () => Promise<number>,
  expected: (error: unknown) => boolean = () => false,
): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known =
        error instanceof ConfigValidationError ||
        error instanceof CliDatabaseUnavailableError ||
        isDatabaseUnavailable(error) ||
        expected(error);
      process.stderr.write(
        `${name} failed: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`,
      );
      process.exit(2);
    },
  );
}
