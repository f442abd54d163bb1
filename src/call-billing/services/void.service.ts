import { Injectable, NotFoundException } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { ConflictError } from '../../platform/errors/conflict.error.js';
import { BillingCalendar } from '../../rating/domain/billing-calendar.js';
import { totalsOf } from '../domain/totals.js';
import { Call } from '../persistence/call.entity.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import { CreditsRepository } from '../persistence/credits.repository.js';
import { LedgerStateRepository } from '../persistence/ledger-state.repository.js';
import { TotalsRepository } from '../persistence/totals.repository.js';

/**
 * Voids (SPEC §8): the call is kept, marked voided. In an open period it leaves the bill; in a
 * closed one the invoice stays as issued and a negative credit goes to the period open at the
 * moment of the void. The ledger state's shared lock orders a void against a period close.
 */
@Injectable()
export class VoidService {
  constructor(
    private readonly database: Database,
    private readonly state: LedgerStateRepository,
    private readonly calls: CallsRepository,
    private readonly totals: TotalsRepository,
    private readonly credits: CreditsRepository,
    private readonly calendar: BillingCalendar,
  ) {}

  /** The voided call; voiding it again answers the same, whatever the reason given then. */
  async void(userName: string, id: string, reason: string): Promise<Call> {
    return this.database.transaction(async (transaction) => {
      const [state, call] = await transaction.run(
        this.state.forWrite(),
        this.calls.forVoid(userName, id),
      );
      if (call === undefined) {
        throw new NotFoundException(`user ${userName} has no call ${id}`);
      }
      if (call.voidedAt !== null) return call;
      const now = new Date();
      const voided = Object.assign(new Call(), call, {
        voidedAt: now,
        voidReason: reason,
        updatedAt: now,
      });
      const closed =
        state.closedThrough !== null &&
        call.billingPeriod <= state.closedThrough;
      if (!closed) {
        await transaction.commit(
          this.calls.void(voided),
          ...this.totals.add(totalsOf([call], -1n)),
        );
        return voided;
      }
      const [invoices] = await transaction.run(
        this.credits.invoicesOf([userName]),
      );
      const invoice = invoices.find(
        ({ period }) => period === call.billingPeriod,
      );
      if (invoice === undefined) {
        throw new ConflictError(
          `call ${id} is in ${call.billingPeriod}, a period being closed: void it once its invoice is issued`,
          'id',
        );
      }
      await transaction.commit(
        this.calls.void(voided),
        this.credits.credit(
          voided,
          this.calendar.periodOf(now),
          invoice.number,
          now,
        ),
      );
      return voided;
    });
  }
}
