import { Injectable } from '@nestjs/common';
import { LedgerStateRepository } from '../../call-billing/persistence/ledger-state.repository.js';
import {
  RerateService,
  type CorrectionResult,
} from '../../call-billing/services/rerate.service.js';
import {
  Database,
  type Transaction,
} from '../../platform/database/database.js';
import { ConflictError } from '../../platform/errors/conflict.error.js';
import type { Statement } from '../../platform/database/statement.js';
import type { RatedVersion } from '../domain/rate-table.js';
import type { TariffChange } from '../domain/tariff-book.js';
import { TariffsRepository } from '../persistence/tariffs.repository.js';
import { StaleTariffs, withCurrentTariffs } from './current-tariffs.js';
import { TariffCatalog } from './tariff-catalog.service.js';

/** How a change is asked for: for the future, or as a correction of the past. */
export interface ChangeOptions {
  /** A correction: the change may take effect in the past, and re-rates the calls it affects. */
  readonly backdate: boolean;
  /** With `backdate`: work out the correction's figures, and change nothing. */
  readonly dryRun: boolean;
}

/** The writes of `change`, given the tariff revision that the change makes. */
export type ChangeWrites<C extends TariffChange = TariffChange> = (
  transaction: Transaction,
  revision: bigint,
  change: C,
) => Promise<void>;

/**
 * The one way a tariff or a plan assignment changes: its writes and the tariff revision's step
 * in one transaction, under the ledger state's exclusive lock, so that every writer waits for it
 * and every process reloads its catalog after it. A change that takes effect in the past is a
 * correction, done by the {@link RerateService} in the same transaction.
 */
@Injectable()
export class TariffChanges {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerStateRepository,
    private readonly tariffs: TariffsRepository,
    private readonly catalog: TariffCatalog,
    private readonly rerate: RerateService,
  ) {}

  /**
   * Applies `change`, a change for the future, described as `description`. `check` refuses it
   * (throws) when it would change what is in force, at the request's start and again under the
   * ledger's lock; so does a change that contradicts calls already priced (see
   * {@link RerateService.refuseContradicted}). `prepare` runs once those checks that need no
   * lock have passed, before the change's transaction: a version's rates are stored there
   * (`rate-sets.ts`), so the transaction is short and holds up writers for its few rows only.
   * `stored`: the version the change stores, as the catalog looks it up; once committed, the
   * catalog takes it as it is rather than reading it back.
   */
  async apply<C extends TariffChange>(
    change: (now: Date) => C,
    description: string,
    writes: ChangeWrites<C>,
    {
      check = () => {},
      prepare = async () => {},
      stored,
    }: {
      check?: (now: Date) => void;
      prepare?: () => Promise<void>;
      stored?: RatedVersion;
    } = {},
  ): Promise<void> {
    check(new Date());
    await this.catalog.ensure();
    await this.refuseContradictedUnlocked(change(new Date()), description);
    await prepare();
    const revision = await withCurrentTariffs(this.catalog, () =>
      this.database.transaction(async (transaction) => {
        const [state] = await transaction.run(this.ledger.forChange());
        const now = new Date();
        check(now);
        const changed = change(now);
        await this.rerate.refuseContradicted(
          transaction,
          changed,
          description,
          state.tariffRevision,
        );
        return this.step(transaction, state.tariffRevision, changed, writes);
      }),
    );
    if (stored !== undefined) this.catalog.adopt({ revision, version: stored });
    await this.catalog.refresh();
  }

  /** Applies `change` as a correction (SPEC §7 `backdate=true`), with `writes` as its storage. */
  correct<C extends TariffChange>(
    change: C,
    description: string,
    options: ChangeOptions,
    writes: ChangeWrites<C>,
  ): Promise<CorrectionResult> {
    return this.rerate.correct(
      change,
      { dryRun: options.dryRun, description },
      async (transaction) => {
        // The service holds the ledger's lock already; reading it again costs no wait.
        const [state] = await transaction.run(this.ledger.forChange());
        await this.step(transaction, state.tariffRevision, change, writes);
      },
    );
  }

  /**
   * The check against calls already priced, first without the lock: a change refused there holds
   * up no writer, however often it is sent. The refusal stands if the tariffs it was judged by
   * are still the stored ones; anything else is decided again under the lock.
   */
  private async refuseContradictedUnlocked(
    change: TariffChange,
    description: string,
  ): Promise<void> {
    const revision = this.catalog.revision;
    const reads = {
      run: <const S extends readonly Statement<unknown>[]>(...statements: S) =>
        this.database.read(...statements),
    };
    try {
      await this.rerate.refuseContradicted(
        reads,
        change,
        description,
        revision,
      );
    } catch (error) {
      if (error instanceof StaleTariffs) return;
      if (!(error instanceof ConflictError)) throw error;
      const [state] = await this.database.read(this.ledger.current());
      if (state.tariffRevision === revision) throw error;
    }
  }

  /** The change's writes and the revision's step; answers the revision it made. */
  private async step<C extends TariffChange>(
    transaction: Transaction,
    current: bigint,
    change: C,
    writes: ChangeWrites<C>,
  ): Promise<bigint> {
    const revision = current + 1n;
    await writes(transaction, revision, change);
    await transaction.run(this.tariffs.setRevision(revision));
    return revision;
  }
}

/**
 * 409 for a change that takes effect at `effectiveFrom`, before `now` (or at it, `inclusive`):
 * what is in force never changes, but by a correction.
 */
export function refuseInForce(
  what: string,
  effectiveFrom: Date,
  now: Date,
  inclusive: boolean,
): void {
  const gap = effectiveFrom.getTime() - now.getTime();
  if (gap > 0 || (gap === 0 && !inclusive)) return;
  throw new ConflictError(
    `${what} takes effect at ${effectiveFrom.toISOString()}, before now: what is in force never ` +
      'changes (a correction of the past is sent with backdate=true)',
    'effective_from',
  );
}
