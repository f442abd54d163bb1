/**
 * SPEC §7's choice of plan, version and prefix for the rating tests, from the SPEC's words alone
 * (the arithmetic of one call and the billing period are test/support/oracle's). Nothing here
 * comes from `src/rating`, so a mistake the service and its own domain share cannot pass a test
 * unnoticed.
 */
import type { RatedFields } from '../support/oracle/call-json.js';
import { decimal } from '../support/oracle/decimal.js';
import {
  periodOf,
  price,
  type OracleRate,
  type OracleVersion,
  type Rounding,
} from '../support/oracle/tariff.js';

/** The rate a call gets, and where it comes from. */
export interface ChosenRate {
  readonly plan: string;
  readonly version: number;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rate: OracleRate;
}

/**
 * The tariffs as the SPEC describes them: every plan's versions and every user's plan
 * assignments, with the rule that picks a call's rate. Plain lists and scans, on purpose.
 */
export class TariffModel {
  private versions: OracleVersion[] = [];
  private assignments: { user: string; from: number; plan: string }[] = [];

  constructor(defaultVersion: OracleVersion) {
    this.versions.push(defaultVersion);
  }

  /** A copy to try a change on. */
  clone(): TariffModel {
    const copy = new TariffModel(this.versions[0]);
    copy.versions = [...this.versions];
    copy.assignments = [...this.assignments];
    return copy;
  }

  /** Creates or replaces the version of `version.plan` from `version.effectiveFrom`. */
  putVersion(version: OracleVersion): void {
    this.versions = this.versions.filter(
      (other) =>
        other.plan !== version.plan ||
        other.effectiveFrom !== version.effectiveFrom,
    );
    this.versions.push(version);
  }

  assign(user: string, plan: string, from: number): void {
    this.assignments = this.assignments.filter(
      (other) => other.user !== user || other.from !== from,
    );
    this.assignments.push({ user, from, plan });
  }

  hasPlan(plan: string): boolean {
    return this.versions.some((version) => version.plan === plan);
  }

  /** SPEC §7 "Which rate" for a call of `user` started at `at` to `destination`. */
  choose(user: string, at: number, destination: string | null): ChosenRate {
    const assignment = latest(
      this.assignments.filter((entry) => entry.user === user),
      (entry) => entry.from,
      at,
    );
    const plan = assignment?.plan ?? 'default';
    const inForce = (name: string) =>
      latest(
        this.versions.filter((version) => version.plan === name),
        (version) => version.effectiveFrom,
        at,
      );
    const version = inForce(plan) ?? inForce('default');
    if (version === undefined) throw new Error('default has no version');
    const digits = destination ?? '';
    let rate: OracleRate | undefined;
    for (const candidate of version.rates) {
      if (
        digits.startsWith(candidate.prefix) &&
        (rate === undefined || candidate.prefix.length > rate.prefix.length)
      ) {
        rate = candidate;
      }
    }
    if (rate === undefined) throw new Error('the version has no "" rate');
    return {
      plan: version.plan,
      version: version.effectiveFrom,
      amountDecimals: version.amountDecimals,
      rounding: version.rounding,
      rate,
    };
  }
}

function latest<T>(
  entries: readonly T[],
  from: (entry: T) => number,
  at: number,
): T | undefined {
  let found: T | undefined;
  for (const entry of entries) {
    if (from(entry) <= at && (found === undefined || from(entry) > from(found)))
      found = entry;
  }
  return found;
}

/** What the API must say of a call, rated by `model`, billed in `timeZone`. */
export function expectedRating(
  model: TariffModel,
  call: {
    readonly user: string;
    readonly durationMs: number;
    readonly startedAt: number;
    readonly destination: string | null;
  },
  timeZone: string,
): RatedFields & { readonly amountMicros: bigint; readonly decimals: number } {
  const chosen = model.choose(call.user, call.startedAt, call.destination);
  const priced = price(
    call.durationMs,
    chosen.rate,
    chosen.amountDecimals,
    chosen.rounding,
  );
  return {
    billing_period: periodOf(call.startedAt, timeZone),
    block_count: priced.blockCount,
    billed_seconds: priced.billedSeconds,
    amount: decimal(priced.amountMicros, chosen.amountDecimals),
    rate: {
      plan: chosen.plan,
      version: new Date(chosen.version).toISOString(),
      prefix: chosen.rate.prefix,
    },
    amountMicros: priced.amountMicros,
    decimals: chosen.amountDecimals,
  };
}
