import type { Rounding } from './rate-arithmetic.js';
import type { Rate, RatedVersion } from './rate-table.js';

export const DEFAULT_PLAN = 'default';

/** The rate a call gets, and where it comes from (SPEC §7 "Which rate"). */
export interface AppliedRate extends Rate {
  /** The plan whose version priced the call. */
  readonly plan: string;
  /** That version's `effective_from`. */
  readonly version: Date;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
}

interface Dated {
  readonly effectiveFrom: Date;
}

export interface Assignment extends Dated {
  readonly plan: string;
}

/**
 * A change to the tariffs, before it is stored: what a correction re-rates calls with, and what
 * a change for the future is checked against the calls already priced with.
 */
export type TariffChange =
  | { readonly kind: 'version'; readonly version: RatedVersion }
  | {
      readonly kind: 'removal';
      readonly plan: string;
      readonly effectiveFrom: Date;
    }
  | {
      readonly kind: 'assignment';
      readonly userName: string;
      readonly assignment: Assignment;
    };

/** The instant from which `change` takes effect. */
export function effectiveFromOf(change: TariffChange): Date {
  switch (change.kind) {
    case 'version':
      return change.version.effectiveFrom;
    case 'removal':
      return change.effectiveFrom;
    case 'assignment':
      return change.assignment.effectiveFrom;
  }
}

/**
 * Every plan's versions and every user's plan assignments at one tariff revision: picks the
 * rate of a call without touching the database.
 */
export class TariffBook {
  constructor(
    /** Each plan's versions, by ascending `effectiveFrom`. */
    private readonly versions: ReadonlyMap<string, readonly RatedVersion[]>,
    /** Each user's assignments, by ascending `effectiveFrom`. */
    private readonly assignments: ReadonlyMap<string, readonly Assignment[]>,
  ) {}

  /** The book as it will be once `change` is stored (this one is left as it is). */
  with(change: TariffChange): TariffBook {
    if (change.kind === 'version') {
      const { version } = change;
      const versions = new Map(this.versions);
      versions.set(
        version.plan,
        replaceDated(versions.get(version.plan) ?? [], version),
      );
      return new TariffBook(versions, this.assignments);
    }
    if (change.kind === 'removal') {
      const versions = new Map(this.versions);
      versions.set(
        change.plan,
        withoutDated(versions.get(change.plan) ?? [], change.effectiveFrom),
      );
      return new TariffBook(versions, this.assignments);
    }
    const assignments = new Map(this.assignments);
    assignments.set(
      change.userName,
      replaceDated(assignments.get(change.userName) ?? [], change.assignment),
    );
    return new TariffBook(this.versions, assignments);
  }

  /** U's plan in force at T (else `default`), its version in force at T (else `default`'s). */
  rate(userName: string, at: Date, destination: string | null): AppliedRate {
    const plan =
      inForce(this.assignments.get(userName) ?? [], at)?.plan ?? DEFAULT_PLAN;
    return this.rateOfPlan(plan, at, destination);
  }

  /** The rate of `plan`'s version in force at `at` (else `default`'s). */
  rateOfPlan(plan: string, at: Date, destination: string | null): AppliedRate {
    const version =
      inForce(this.versions.get(plan) ?? [], at) ??
      inForce(this.versions.get(DEFAULT_PLAN) ?? [], at);
    if (version === undefined) {
      throw new RangeError(
        `the default plan has no version in force at ${at.toISOString()}`,
      );
    }
    const rate = version.rates.match(destination ?? '');
    // Field by field: V8 copies an object holding BigInts by spread on a slow path (several
    // microseconds), and every recorded call and every bill asks for a rate.
    return {
      prefix: rate.prefix,
      firstBlockSeconds: rate.firstBlockSeconds,
      incrementSeconds: rate.incrementSeconds,
      priceMicros: rate.priceMicros,
      priceUnitSeconds: rate.priceUnitSeconds,
      connectFeeMicros: rate.connectFeeMicros,
      noChargeSeconds: rate.noChargeSeconds,
      plan: version.plan,
      version: version.effectiveFrom,
      amountDecimals: version.amountDecimals,
      rounding: version.rounding,
    };
  }

  /** The version of `plan` that starts at `effectiveFrom`, if it is loaded. */
  version(plan: string, effectiveFrom: Date): RatedVersion | undefined {
    return this.versions
      .get(plan)
      ?.find(
        (version) =>
          version.effectiveFrom.getTime() === effectiveFrom.getTime(),
      );
  }
}

/** The latest of `dated` (ascending) that starts at or before `at`. */
function inForce<T extends Dated>(
  dated: readonly T[],
  at: Date,
): T | undefined {
  const time = at.getTime();
  let low = 0;
  let high = dated.length - 1;
  let found: T | undefined;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const candidate = dated[mid];
    if (candidate.effectiveFrom.getTime() <= time) {
      found = candidate;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** `dated` with `entry` in its place by `effectiveFrom`, replacing one that starts then. */
function replaceDated<T extends Dated>(dated: readonly T[], entry: T): T[] {
  return [...withoutDated(dated, entry.effectiveFrom), entry].sort(
    (a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime(),
  );
}

/** `dated` without the entry that starts at `effectiveFrom`. */
function withoutDated<T extends Dated>(
  dated: readonly T[],
  effectiveFrom: Date,
): T[] {
  const time = effectiveFrom.getTime();
  return dated.filter((other) => other.effectiveFrom.getTime() !== time);
}
