import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module.js';
import {
  TotalsRebuildService,
  type TotalsDifference,
} from '../../src/call-billing/services/totals-rebuild.service.js';
import type { TestEnv } from './test-database.js';

/**
 * Audits the running totals of the database `env` points at, as `npm run billing:rebuild --
 * --check` does, from an app context of its own (for tests whose service runs elsewhere).
 */
export async function auditTotals(env: TestEnv): Promise<TotalsDifference[]> {
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ overrides: env }),
    { logger: false },
  );
  try {
    return await context.get(TotalsRebuildService).audit();
  } finally {
    await context.close();
  }
}
