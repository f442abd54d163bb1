import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { groupBy } from '../../platform/collections/group-by.js';
import { finishInSlices } from '../../platform/concurrency/time-slices.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { Database } from '../../platform/database/database.js';
import { parseDecimal } from '../domain/decimal.js';
import { RateColumns } from '../domain/rate-columns.js';
import { RateTable, type RatedVersion } from '../domain/rate-table.js';
import {
  DEFAULT_PLAN,
  TariffBook,
  type AppliedRate,
} from '../domain/tariff-book.js';
import {
  TariffCatalogRepository,
  type RatePage,
  type StoredVersion,
} from '../persistence/tariff-catalog.repository.js';

/**
 * Rates read per round trip while loading a version, straight into the version's typed columns:
 * each page is decoded in one turn of the event loop, so it stays short.
 */
const RATES_PER_READ = 2_000;

/** A version's table and the tariff revision that stored it. */
export interface VersionAtRevision {
  readonly revision: bigint;
  readonly version: RatedVersion;
}

interface Loaded {
  readonly revision: bigint;
  readonly book: TariffBook;
  /** Each version's table, by {@link keyOf}, to reuse on the next reload. */
  readonly tables: ReadonlyMap<string, VersionAtRevision>;
}

/**
 * The tariffs in memory, so that rating a call costs no database query. Every write reads the
 * stored tariff revision in its first round trip (sharing the ledger state's lock); when it is
 * newer than the catalog's, the write asks the catalog to {@link refresh} and runs again. So
 * every process rates with what is committed, and a change takes effect everywhere at once.
 */
@Injectable()
export class TariffCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger(TariffCatalog.name);
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  /** Versions this process has stored, for the next load to take (see {@link adopt}). */
  private readonly adopted = new Map<string, VersionAtRevision>();

  constructor(
    private readonly database: Database,
    private readonly repository: TariffCatalogRepository,
    private readonly config: AppConfigService,
  ) {}

  /** Loads at start, so that the first call is not the one that waits for it. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      // The database may be away at start: the first write loads the catalog instead.
      this.logger.warn(`tariffs not loaded at start: ${String(error)}`);
    }
  }

  /** The revision rated with; -1 before the first load. */
  get revision(): bigint {
    return this.loaded?.revision ?? -1n;
  }

  /** Whether the catalog is at least at `revision`. */
  isCurrent(revision: bigint): boolean {
    return this.loaded !== undefined && this.loaded.revision >= revision;
  }

  /** The rate of a call, with the catalog as loaded: call {@link isCurrent} first. */
  rate(userName: string, at: Date, destination: string | null): AppliedRate {
    if (this.loaded === undefined) throw new Error('tariff catalog not loaded');
    return this.loaded.book.rate(userName, at, destination);
  }

  /** The rate of `plan`'s version in force at `at` (else `default`'s). */
  rateOfPlan(plan: string, at: Date, destination: string | null): AppliedRate {
    if (this.loaded === undefined) throw new Error('tariff catalog not loaded');
    return this.loaded.book.rateOfPlan(plan, at, destination);
  }

  /** The book as loaded, to build a what-if on (a correction's re-rating). */
  get book(): TariffBook {
    if (this.loaded === undefined) throw new Error('tariff catalog not loaded');
    return this.loaded.book;
  }

  /**
   * A version this process has just stored, at the revision that stored it: the next load takes
   * it as it is rather than reading back what was written, so a million rates are not held twice.
   * (A load finding another revision for it, a later change, reads that one instead.)
   */
  adopt(stored: VersionAtRevision): void {
    this.adopted.set(keyOf(stored.version), stored);
  }

  /** Loads what changed since the last load (one load at a time, shared by every caller). */
  async refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    this.loaded = await this.loading;
  }

  /** Loads the catalog unless it is at `revision` already. */
  async ensure(revision?: bigint): Promise<void> {
    if (revision !== undefined && this.isCurrent(revision)) return;
    if (revision === undefined) {
      const [stored] = await this.database.read(this.repository.revision());
      if (this.isCurrent(stored)) return;
    }
    await this.refresh();
  }

  private async load(): Promise<Loaded> {
    // The revision first: data newer than it only means one more reload later, never a stale book.
    const [revision, versions, assignments] = await this.database.read(
      this.repository.revision(),
      this.repository.versions(),
      this.repository.assignments(),
    );
    const previous = new Map(this.loaded?.tables);
    for (const [key, stored] of this.adopted) {
      const kept = previous.get(key);
      if (kept === undefined || kept.revision < stored.revision)
        previous.set(key, stored);
      // A version stored after this load read the revision waits for the next load.
      if (stored.revision <= revision) this.adopted.delete(key);
    }
    const tables = new Map<string, VersionAtRevision>();
    const byPlan = new Map<string, RatedVersion[]>();
    for (const row of versions) {
      const key = keyOf(row);
      const kept = previous.get(key);
      const version =
        kept !== undefined && kept.revision === row.revision
          ? kept.version
          : await this.loadVersion(row);
      tables.set(key, { revision: row.revision, version });
      const list = byPlan.get(row.plan) ?? [];
      list.push(version);
      byPlan.set(row.plan, list);
    }
    if (this.loaded !== undefined) {
      this.logger.log(`tariffs reloaded at revision ${revision}`);
    } else {
      this.compareWithSettings(byPlan.get(DEFAULT_PLAN)?.[0]);
    }
    return {
      revision,
      book: new TariffBook(
        byPlan,
        groupBy(assignments, (assignment) => assignment.userName),
      ),
      tables,
    };
  }

  /**
   * The block settings made the default plan's first version, on a new database; later they
   * are not used for rating, which an operator who changed them should be told.
   */
  private compareWithSettings(first: RatedVersion | undefined): void {
    if (first === undefined) return;
    const { blockSeconds, pricePerBlock } = this.config.get('tariff');
    const rate = first.rates.match('');
    const price = parseDecimal(pricePerBlock)?.micros;
    if (
      rate.firstBlockSeconds !== blockSeconds ||
      rate.incrementSeconds !== blockSeconds ||
      rate.priceUnitSeconds !== blockSeconds ||
      rate.priceMicros !== price
    ) {
      this.logger.warn(
        `BILLING_BLOCK_SECONDS=${blockSeconds} and BILLING_PRICE_PER_BLOCK=${pricePerBlock} differ from the stored default plan's first version, which rates calls: they are used only to create a new database (change tariffs with PUT /admin/plans/default/versions/...)`,
      );
    }
  }

  private async loadVersion(stored: StoredVersion): Promise<RatedVersion> {
    const columns = new RateColumns(stored.rateCount);
    let after: string | null = null;
    for (;;) {
      const [page]: [RatePage] = await this.database.read(
        this.repository.ratesInto(columns, stored, after, RATES_PER_READ),
      );
      if (page.count < RATES_PER_READ) break;
      after = page.last;
      await yieldToEventLoop();
    }
    return {
      plan: stored.plan,
      effectiveFrom: stored.effectiveFrom,
      amountDecimals: stored.amountDecimals,
      rounding: stored.rounding,
      rates: await finishInSlices(RateTable.of(columns)),
    };
  }
}

function keyOf(version: {
  readonly plan: string;
  readonly effectiveFrom: Date;
}): string {
  return `${version.plan}\u0000${version.effectiveFrom.getTime()}`;
}
