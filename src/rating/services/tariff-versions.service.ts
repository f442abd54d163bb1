import { Injectable, NotFoundException } from '@nestjs/common';
import type { CorrectionResult } from '../../call-billing/services/rerate.service.js';
import {
  Database,
  type Transaction,
} from '../../platform/database/database.js';
import type { RateDeck } from '../domain/rate-deck.js';
import type { RatedVersion } from '../domain/rate-table.js';
import { DEFAULT_PLAN, type TariffChange } from '../domain/tariff-book.js';
import { OneAtATime } from '../../platform/concurrency/one-at-a-time.js';
import { ConflictError } from '../../platform/errors/conflict.error.js';
import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import type { StoredVersion } from '../persistence/tariff-catalog.repository.js';
import { TariffsRepository } from '../persistence/tariffs.repository.js';
import { RateSets } from './rate-sets.js';
import {
  refuseInForce,
  TariffChanges,
  type ChangeOptions,
  type ChangeWrites,
} from './tariff-changes.js';

/** The removal of a version. */
type Removal = Extract<TariffChange, { kind: 'removal' }>;

/** What the admin API answers for a version: it, without its rates. */
export type VersionSummary = Omit<StoredVersion, 'revision' | 'rateSet'>;

export interface VersionOutcome {
  readonly summary: VersionSummary;
  /** Whether the version is new (else it replaced one); false for a dry run. */
  readonly created: boolean;
  /** For a correction (`backdate`): what re-rating the recorded calls did, or would do. */
  readonly correction?: CorrectionResult;
}

/** How long a version's upload or removal waits for the one before it in this process. */
const MAX_WAIT_MS = 10_000;

/**
 * Creating, replacing and deleting tariff versions (SPEC §7 admin API). A version's rates are a
 * set of their own (`rate-sets.ts`): stored before the change, over short transactions; the
 * change itself, under the ledger's lock, only points the version to it.
 *
 * One upload or removal runs at a time in a process, the next waiting up to {@link MAX_WAIT_MS}
 * (then a 503): each reads, stores and removes rates a slice per turn of the event loop, and
 * twenty at once would put twenty slices in every turn, holding up every other request.
 */
@Injectable()
export class TariffVersionsService {
  private readonly oneAtATime = new OneAtATime(
    MAX_WAIT_MS,
    () =>
      new ServiceUnavailableError(
        'Another tariff version is being uploaded or removed by this process; try again in a moment',
        5,
      ),
  );

  constructor(
    private readonly database: Database,
    private readonly tariffs: TariffsRepository,
    private readonly rateSets: RateSets,
    private readonly changes: TariffChanges,
  ) {}

  /**
   * Stores the deck as `plan`'s version from `effectiveFrom`, replacing the one there is; not at
   * all if `abandoned` aborts while it waits for its turn.
   */
  put(
    plan: string,
    effectiveFrom: Date,
    readDeck: () => Promise<RateDeck>,
    options: ChangeOptions,
    abandoned?: AbortSignal,
  ): Promise<VersionOutcome> {
    // A change of what is in force is refused at once: before its body is read, and before it
    // waits for its turn.
    const what = describe(plan, effectiveFrom);
    if (!options.backdate) refuseInForce(what, effectiveFrom, new Date(), true);
    // A client gone while it waits leaves the queue, and its body (up to 64 MiB) goes with it.
    return this.oneAtATime.run(
      () => this.putNow(what, plan, effectiveFrom, readDeck, options),
      abandoned,
    );
  }

  /**
   * Deletes a version not yet in force: 404 when there is none, 409 when it is in force, unless
   * it goes as a correction (`backdate`), which re-rates the recorded calls it priced. The
   * default plan's first version is never removed: every call needs a rate.
   */
  delete(
    plan: string,
    effectiveFrom: Date,
    options: ChangeOptions,
  ): Promise<Omit<VersionOutcome, 'created'>> {
    return this.oneAtATime.run(() =>
      this.deleteNow(plan, effectiveFrom, options),
    );
  }

  private async putNow(
    what: string,
    plan: string,
    effectiveFrom: Date,
    readDeck: () => Promise<RateDeck>,
    options: ChangeOptions,
  ): Promise<VersionOutcome> {
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
    // Its rates, stored apart before the change's short transaction (after the checks that need
    // no lock, for a change for the future: a refused one stores nothing).
    let rateSet: string | undefined;
    const store = async () => {
      rateSet = await this.rateSets.store(effectiveFrom, deck.rates);
    };
    let replaced: string | undefined;
    let created = false;
    const publish = async (transaction: Transaction, revision: bigint) => {
      if (rateSet === undefined) throw new Error('the rates are stored first');
      const [existing] = await transaction.run(
        this.tariffs.version(plan, effectiveFrom, true),
      );
      created = existing === undefined;
      replaced = existing?.rateSet;
      await transaction.run(
        this.tariffs.saveVersion({ ...summary, revision, rateSet }),
      );
    };
    const change = { kind: 'version', version } as const;
    let correction: CorrectionResult | undefined;
    try {
      if (options.backdate) {
        await store();
        correction = await this.changes.correct(change, what, options, publish);
      } else {
        await this.changes.apply(() => change, what, publish, {
          check: (now) => refuseInForce(what, effectiveFrom, now, true),
          prepare: store,
          stored: version,
        });
      }
    } catch (error) {
      if (rateSet !== undefined)
        await this.rateSets.remove({ rateSet, effectiveFrom });
      throw error;
    }
    const dryRun = options.backdate && options.dryRun;
    // The set no version points to now: the one stored, for a dry run; else the one replaced.
    const unused = dryRun ? rateSet : replaced;
    if (unused !== undefined)
      await this.rateSets.remove({ rateSet: unused, effectiveFrom });
    return { summary, created: created && !dryRun, correction };
  }

  private async deleteNow(
    plan: string,
    effectiveFrom: Date,
    options: ChangeOptions,
  ): Promise<Omit<VersionOutcome, 'created'>> {
    const [existing, defaults] = await this.database.read(
      this.tariffs.version(plan, effectiveFrom),
      this.tariffs.versionsOf([DEFAULT_PLAN]),
    );
    if (existing === undefined) throw noSuchVersion(plan, effectiveFrom);
    const what = describe(plan, effectiveFrom);
    if (
      plan === DEFAULT_PLAN &&
      defaults[0]?.effectiveFrom.getTime() === effectiveFrom.getTime()
    ) {
      throw new ConflictError(
        `${what} is the default plan's first version: every call needs a rate, so it is never removed (correct it with PUT and backdate=true)`,
        'effective_from',
      );
    }
    const summary: VersionSummary = {
      plan,
      effectiveFrom,
      amountDecimals: existing.amountDecimals,
      rounding: existing.rounding,
      rateCount: existing.rateCount,
    };
    const description = `the removal of ${what}`;
    let removed: string | undefined;
    const remove: ChangeWrites<Removal> = async (transaction) => {
      const [locked] = await transaction.run(
        this.tariffs.version(plan, effectiveFrom, true),
      );
      if (locked === undefined) throw noSuchVersion(plan, effectiveFrom);
      await transaction.run(this.tariffs.deleteVersion(plan, effectiveFrom));
      removed = locked.rateSet;
    };
    const change: Removal = { kind: 'removal', plan, effectiveFrom };
    let correction: CorrectionResult | undefined;
    if (options.backdate) {
      correction = await this.changes.correct(
        change,
        description,
        options,
        remove,
      );
    } else {
      await this.changes.apply(() => change, description, remove, {
        check: (now) => refuseInForce(what, effectiveFrom, now, true),
      });
    }
    if (removed !== undefined && !(options.backdate && options.dryRun))
      await this.rateSets.remove({ rateSet: removed, effectiveFrom });
    return { summary, correction };
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
