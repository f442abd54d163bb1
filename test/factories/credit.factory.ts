import type { INestApplicationContext } from '@nestjs/common';
import { CreditsRepository } from '../../src/call-billing/persistence/credits.repository.js';
import { Database } from '../../src/platform/database/database.js';
import { buildCall, type CallOverrides } from './call.factory.js';

export interface CreditOverrides {
  /** The voided call: its id, user, amount and `voidReason` make the credit. */
  readonly call: CallOverrides & { id: string };
  /** The period the credit is booked in (a void books it in the period open at that moment). */
  readonly period: string;
  /** The invoice that billed the call. */
  readonly invoiceNumber: bigint;
  readonly at?: Date;
}

/**
 * Books credits as a void of a call in a closed period would, through the service's own
 * repository, but in a period of the test's choosing: a real void books into the month of its
 * moment, which no test can close.
 */
export async function insertCredits(
  app: INestApplicationContext,
  credits: readonly CreditOverrides[],
): Promise<void> {
  const repository = app.get(CreditsRepository);
  await app
    .get(Database)
    .transaction((transaction) =>
      transaction.commit(
        ...credits.map(({ call, period, invoiceNumber, at }) =>
          repository.credit(
            buildCall({ voidReason: 'voided', ...call }),
            period,
            invoiceNumber,
            at ?? new Date(),
          ),
        ),
      ),
    );
}
