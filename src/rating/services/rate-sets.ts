import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { RateColumns } from '../domain/rate-columns.js';
import { newRateSetName, rateSetBegan } from '../domain/rate-set-names.js';
import { nextTurn } from '../domain/text-slices.js';
import {
  RATES_PER_INSERT,
  TariffsRepository,
  type RateSetKey,
} from '../persistence/tariffs.repository.js';

/**
 * Rates written per transaction while a set is stored. On SQLite every transaction holds the
 * file's write lock, and its COMMIT the event loop, so each stays a few milliseconds long and
 * the calls recorded meanwhile go in between; on MySQL a transaction costs a round trip more.
 */
const RATES_PER_TRANSACTION = { mysql: 20_000, sqlite: 5_000 } as const;
/** Rates removed per transaction: on SQLite a step that holds the event loop (some 10 ms). */
const RATES_PER_DELETE = { mysql: 10_000, sqlite: 2_000 } as const;
/**
 * A set that no version points to, begun longer ago than this, was cut short (a crash, a lost
 * database): no upload takes this long.
 */
const ABANDONED_AFTER_MS = 60 * 60_000;

/**
 * A version's rates are a **rate set**, stored apart from the version's row, which points to it
 * (`tariff_versions.rate_set`). A deck becomes a new set over many short transactions, seen by
 * nothing until the one short transaction of the change points the version to it; the set it
 * replaced is removed afterwards, again a slice at a time. So no upload, however large, holds the
 * database for long, nor the event loop on SQLite, and the rates in force are never half-written.
 */
@Injectable()
export class RateSets {
  private readonly logger = new Logger(RateSets.name);

  constructor(
    private readonly database: Database,
    private readonly tariffs: TariffsRepository,
  ) {}

  /**
   * Stores `rates` as a new set for a version effective from `effectiveFrom`; answers its name.
   * A store cut short removes what it wrote (or a later one does, see {@link sweep}).
   */
  async store(effectiveFrom: Date, rates: RateColumns): Promise<string> {
    await this.sweep();
    const set = { rateSet: newRateSetName(), effectiveFrom };
    const perTransaction = RATES_PER_TRANSACTION[this.database.dialect];
    try {
      for (let start = 0; start < rates.size; start += perTransaction) {
        const end = Math.min(rates.size, start + perTransaction);
        await this.database.transaction(async (transaction) => {
          for (let from = start; from < end; from += RATES_PER_INSERT) {
            const to = Math.min(end, from + RATES_PER_INSERT);
            await transaction.run(
              this.tariffs.insertRates(set, rates, from, to),
            );
            await nextTurn();
          }
        });
      }
    } catch (error) {
      await this.remove(set);
      throw error;
    }
    return set.rateSet;
  }

  /**
   * Removes a set that no version points to any more, a slice per transaction. A failure is only
   * logged: the set is no version's, and the next {@link sweep} removes it.
   */
  async remove(set: RateSetKey): Promise<void> {
    const slice = RATES_PER_DELETE[this.database.dialect];
    try {
      for (;;) {
        const [deleted] = await this.database.transaction((transaction) =>
          transaction.run(this.tariffs.deleteRateSlice(set, slice)),
        );
        if (deleted < slice) return;
        await nextTurn();
      }
    } catch (error) {
      this.logger.warn(
        `rate set ${set.rateSet} is no version's and was not removed (the next upload removes it): ${String(error)}`,
      );
    }
  }

  /**
   * Removes the sets that no version points to and that no upload may still be writing: those
   * left by a store or a removal cut short. One look-up per set stored, run before each store.
   */
  private async sweep(): Promise<void> {
    const [used] = await this.database.read(this.tariffs.rateSetsInUse());
    const inUse = new Set(used.map(keyOf));
    const now = Date.now();
    let after: RateSetKey | undefined;
    for (;;) {
      const found = await this.database.read(
        ...this.tariffs.nextRateSet(after),
      );
      const set = found.find((each) => each !== undefined);
      if (set === undefined) return;
      after = set;
      const began = rateSetBegan(set.rateSet);
      const writing =
        began !== undefined && now - began.getTime() < ABANDONED_AFTER_MS;
      if (!inUse.has(keyOf(set)) && !writing) {
        this.logger.warn(
          `removing rate set ${set.rateSet}, left by an upload cut short`,
        );
        await this.remove(set);
      }
    }
  }
}

function keyOf({ rateSet, effectiveFrom }: RateSetKey): string {
  return `${rateSet}\u0000${effectiveFrom.getTime()}`;
}
