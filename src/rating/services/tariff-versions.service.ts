import { Injectable, NotFoundException } from '@nestjs/common';
import type { CorrectionResult } from '../../call-billing/services/rerate.service.js';
import {
  Database,
  type Transaction,
} from '../../platform/database/database.js';
import type { RateColumns } from '../domain/rate-columns.js';
import type { RateDeck } from '../domain/rate-deck.js';
import type { RatedVersion } from '../domain/rate-table.js';
import { nextTurn } from '../domain/text-slices.js';
import type { StoredVersion } from '../persistence/tariff-catalog.repository.js';
import {
  RATES_PER_INSERT,
  TariffsRepository,
} from '../persistence/tariffs.repository.js';
import {
  refuseInForce,
  TariffChanges,
  type ChangeOptions,
} from './tariff-changes.js';

/**
 * Rates removed per DELETE when a version is replaced or deleted: on MySQL a round trip, on
 * SQLite a step that holds the event loop (some 10 ms).
 */
const RATES_PER_DELETE = { mysql: 10_000, sqlite: 2_000 } as const;

/** What the admin API answers for a version: it, without its rates. */
export type VersionSummary = Omit<StoredVersion, 'revision'>;

export interface VersionOutcome {
  readonly summary: VersionSummary;
  /** Whether the version is new (else it replaced one); false for a dry run. */
  readonly created: boolean;
  /** For a correction (`backdate`): what re-rating the recorded calls did, or would do. */
  readonly correction?: CorrectionResult;
}

/** Creating, replacing and deleting tariff versions (SPEC §7 admin API). */
@Injectable()
export class TariffVersionsService {
  constructor(
    private readonly database: Database,
    private readonly tariffs: TariffsRepository,
    private readonly changes: TariffChanges,
  ) {}

  /**
   * Stores the deck as `plan`'s version from `effectiveFrom`, replacing the one there is: one
   * transaction, the rates in multi-row INSERTs, the ledger locked only at the end (or, for a
   * correction, throughout, by the re-rating).
   */
  async put(
    plan: string,
    effectiveFrom: Date,
    readDeck: () => Promise<RateDeck>,
    options: ChangeOptions,
  ): Promise<VersionOutcome> {
    // A change of what is in force is refused before its body is read.
    const what = describe(plan, effectiveFrom);
    if (!options.backdate) refuseInForce(what, effectiveFrom, new Date(), true);
    const deck = await readDeck();
    const summary: VersionSummary = {
      plan,
      effectiveFrom,
      amountDecimals: deck.amountDecimals,
      rounding: deck.rounding,
      rateCount: deck.size,
    };
    // The deck as the rating looks it up: what a correction re-rates with, and what the catalog
    // takes once it is stored.
    const version: RatedVersion = { ...summary, rates: deck.table };
    let created = false;
    const store = async (transaction: Transaction) => {
      const [existing] = await transaction.run(
        this.tariffs.version(plan, effectiveFrom, true),
      );
      created = existing === undefined;
      if (!created) await this.deleteRates(transaction, plan, effectiveFrom);
      await this.insertRates(transaction, plan, effectiveFrom, deck.rates);
    };
    const save = async (transaction: Transaction, revision: bigint) => {
      await transaction.run(this.tariffs.saveVersion({ ...summary, revision }));
    };
    if (!options.backdate) {
      await this.changes.apply(
        () => ({ kind: 'version', version }),
        what,
        save,
        {
          check: (now) => refuseInForce(what, effectiveFrom, now, true),
          prepare: store,
          stored: version,
        },
      );
      return { summary, created };
    }
    const correction = await this.changes.correct(
      { kind: 'version', version },
      what,
      options,
      async (transaction, revision) => {
        await store(transaction);
        await save(transaction, revision);
      },
    );
    return { summary, created: created && !options.dryRun, correction };
  }

  /** Deletes a version not yet in force: 404 when there is none, 409 when it is in force. */
  async delete(plan: string, effectiveFrom: Date): Promise<void> {
    const [existing] = await this.database.read(
      this.tariffs.version(plan, effectiveFrom),
    );
    if (existing === undefined) throw noSuchVersion(plan, effectiveFrom);
    const what = describe(plan, effectiveFrom);
    await this.changes.apply(
      () => ({ kind: 'removal', plan, effectiveFrom }),
      `the removal of ${what}`,
      async (transaction) => {
        const [deleted] = await transaction.run(
          this.tariffs.deleteVersion(plan, effectiveFrom),
        );
        if (deleted === 0) throw noSuchVersion(plan, effectiveFrom);
      },
      {
        check: (now) => refuseInForce(what, effectiveFrom, now, true),
        prepare: (transaction) =>
          this.deleteRates(transaction, plan, effectiveFrom),
      },
    );
  }

  private async insertRates(
    transaction: Transaction,
    plan: string,
    effectiveFrom: Date,
    rates: RateColumns,
  ): Promise<void> {
    // One statement a round trip (see RATES_PER_INSERT); on SQLite each runs on the event loop.
    for (let from = 0; from < rates.size; from += RATES_PER_INSERT) {
      const to = Math.min(rates.size, from + RATES_PER_INSERT);
      await transaction.run(
        this.tariffs.insertRates(plan, effectiveFrom, rates, from, to),
      );
      await nextTurn();
    }
  }

  private async deleteRates(
    transaction: Transaction,
    plan: string,
    effectiveFrom: Date,
  ): Promise<void> {
    const slice = RATES_PER_DELETE[this.database.dialect];
    for (;;) {
      const [deleted] = await transaction.run(
        this.tariffs.deleteRateSlice(plan, effectiveFrom, slice),
      );
      if (deleted < slice) return;
      await nextTurn();
    }
  }
}

export function describe(plan: string, effectiveFrom: Date): string {
  return `version ${plan}@${effectiveFrom.toISOString()}`;
}

export function noSuchVersion(
  plan: string,
  effectiveFrom: Date,
): NotFoundException {
  return new NotFoundException(
    `Plan ${plan} has no version effective from ${effectiveFrom.toISOString()}`,
  );
}
