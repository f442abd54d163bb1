import { Injectable } from '@nestjs/common';
import type { CorrectionResult } from '../../call-billing/services/rerate.service.js';
import { Database } from '../../platform/database/database.js';
import { InvalidFieldsException } from '../../platform/validation/validation-problem.js';
import type { Assignment, TariffChange } from '../domain/tariff-book.js';
import { TariffsRepository } from '../persistence/tariffs.repository.js';
import { TariffCatalog } from './tariff-catalog.service.js';
import {
  refuseInForce,
  TariffChanges,
  type ChangeOptions,
  type ChangeWrites,
} from './tariff-changes.js';

/** A change of one user's plan. */
type Reassignment = Extract<TariffChange, { kind: 'assignment' }>;

export interface AssignmentsOutcome {
  /** The user's assignments after the change, by `effectiveFrom`. */
  readonly assignments: readonly Assignment[];
  /** For a correction (`backdate`): what re-rating did, and the plan's amount decimals. */
  readonly correction?: CorrectionResult & { readonly amountDecimals: number };
}

/** Which plan each user is on, from when (SPEC §7 admin API). */
@Injectable()
export class PlanAssignmentsService {
  constructor(
    private readonly database: Database,
    private readonly tariffs: TariffsRepository,
    private readonly changes: TariffChanges,
    private readonly catalog: TariffCatalog,
  ) {}

  /**
   * Puts `userName` on `plan` from `effectiveFrom` (default: now), replacing an assignment from
   * that very instant. A plan with no version is a 400 naming `plan`.
   */
  async assign(
    userName: string,
    plan: string,
    effectiveFrom: Date | undefined,
    options: ChangeOptions,
  ): Promise<AssignmentsOutcome> {
    await requirePlan(this.database.read(this.tariffs.planExists(plan)), plan);
    const what = `the plan assignment of ${userName}`;
    const writes: ChangeWrites<Reassignment> = async (
      transaction,
      _revision,
      change,
    ) => {
      await requirePlan(transaction.run(this.tariffs.planExists(plan)), plan);
      await transaction.run(
        this.tariffs.saveAssignment({ userName, ...change.assignment }),
      );
    };
    const changeAt = (at: Date): Reassignment => ({
      kind: 'assignment',
      userName,
      assignment: { plan, effectiveFrom: at },
    });
    let correction: AssignmentsOutcome['correction'];
    if (!options.backdate) {
      await this.changes.apply(
        (now) => changeAt(effectiveFrom ?? now),
        what,
        writes,
        {
          check: (now) => {
            if (effectiveFrom !== undefined)
              refuseInForce(what, effectiveFrom, now, false);
          },
        },
      );
    } else {
      const at = effectiveFrom ?? new Date();
      const result = await this.changes.correct(
        changeAt(at),
        `assignment ${userName}@${at.toISOString()}`,
        options,
        writes,
      );
      await this.catalog.ensure();
      const { amountDecimals } = this.catalog.rateOfPlan(plan, at, null);
      correction = { ...result, amountDecimals };
    }
    return { assignments: await this.assignmentsOf(userName), correction };
  }

  async assignmentsOf(userName: string): Promise<Assignment[]> {
    const [assignments] = await this.database.read(
      this.tariffs.assignmentsOf(userName),
    );
    return assignments;
  }
}

/** A plan with no version is no plan: a 400 naming the field. */
async function requirePlan(
  exists: Promise<[boolean]>,
  plan: string,
): Promise<void> {
  const [found] = await exists;
  if (found) return;
  throw new InvalidFieldsException([
    {
      field: 'plan',
      message: `plan ${plan} has no version: upload one first (PUT /admin/plans/${plan}/versions/{effective_from})`,
    },
  ]);
}
