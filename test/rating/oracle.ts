/**
 * SPEC §7 restated for the rating tests, from the SPEC's words alone: exact decimals in BigInt
 * micro-units, the arithmetic of one call, the choice of plan, version and prefix, and the
 * billing period. Nothing here comes from `src/rating`, so a mistake the service and its own
 * domain share cannot pass a test unnoticed.
 */
export type Rounding = 'half_up' | 'up' | 'down';

/** One rate of a version, its money in micro-units (10^-6). */
export interface OracleRate {
  readonly prefix: string;
  readonly firstBlockSeconds: number;
  readonly incrementSeconds: number;
  readonly priceMicros: bigint;
  readonly priceUnitSeconds: number;
  readonly connectFeeMicros: bigint;
  readonly noChargeSeconds: number;
}

export interface OracleVersion {
  readonly plan: string;
  /** `effective_from`, in ms since the epoch. */
  readonly effectiveFrom: number;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rates: readonly OracleRate[];
}

/** A rate as `PUT /admin/plans/{plan}/versions/{effective_from}` takes it. */
export interface RateBody {
  readonly prefix: string;
  readonly price: string;
  readonly first_block_seconds?: number;
  readonly increment_seconds?: number;
  readonly price_unit_seconds?: number;
  readonly connect_fee?: string;
  readonly no_charge_seconds?: number;
}

export interface VersionBody {
  readonly amount_decimals?: number;
  readonly rounding?: Rounding;
  readonly rates: readonly RateBody[];
}

/** The version a body describes, with the SPEC's defaults for what it leaves out. */
export function versionOf(
  plan: string,
  effectiveFrom: number,
  body: VersionBody,
): OracleVersion {
  const written = body.rates.flatMap((rate) => [
    decimalsOf(rate.price),
    decimalsOf(rate.connect_fee ?? '0'),
  ]);
  return {
    plan,
    effectiveFrom,
    amountDecimals: body.amount_decimals ?? Math.max(...written),
    rounding: body.rounding ?? 'half_up',
    rates: body.rates.map((rate) => {
      const first = rate.first_block_seconds ?? 60;
      return {
        prefix: rate.prefix,
        firstBlockSeconds: first,
        incrementSeconds: rate.increment_seconds ?? first,
        priceMicros: micros(rate.price),
        priceUnitSeconds: rate.price_unit_seconds ?? 60,
        connectFeeMicros: micros(rate.connect_fee ?? '0'),
        noChargeSeconds: rate.no_charge_seconds ?? 0,
      };
    }),
  };
}

/** The rate a call gets, and where it comes from. */
export interface ChosenRate {
  readonly plan: string;
  readonly version: number;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rate: OracleRate;
}

export interface Priced {
  readonly blockCount: number;
  readonly billedSeconds: number;
  readonly amountMicros: bigint;
}

const SCALE = 6;
const TEN = 10n;

/** A decimal string (optionally negative, at most 6 decimals) in micro-units. */
export function micros(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (match === null) throw new RangeError(`not a decimal: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const value =
    BigInt(whole) * TEN ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0'));
  return sign === '-' ? -value : value;
}

/** How many decimals a decimal string is written with. */
export function decimalsOf(text: string): number {
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

/** `value` micro-units written with `decimals` decimals (it must be a multiple of that unit). */
export function decimal(value: bigint, decimals: number): string {
  const unit = TEN ** BigInt(SCALE - decimals);
  if (value % unit !== 0n) {
    throw new RangeError(`${value} µ is not a multiple of 10^-${decimals}`);
  }
  const negative = value < 0n;
  const digits = ((negative ? -value : value) / unit)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** SPEC §7 "Arithmetic" for a call of `durationMs`. */
export function price(
  durationMs: number,
  rate: OracleRate,
  amountDecimals: number,
  rounding: Rounding,
): Priced {
  const d = BigInt(durationMs);
  if (d === 0n || d <= BigInt(rate.noChargeSeconds) * 1000n) {
    return { blockCount: 0, billedSeconds: 0, amountMicros: 0n };
  }
  const first = BigInt(rate.firstBlockSeconds);
  const increment = BigInt(rate.incrementSeconds);
  const beyond = d > first * 1000n ? d - first * 1000n : 0n;
  const step = increment * 1000n;
  const blocks = 1n + (beyond + step - 1n) / step;
  const billed = first + (blocks - 1n) * increment;
  // The exact amount is fee + billed × price / unit micro-units; in units of the last
  // decimal place that is the fraction numerator / denominator.
  const unit = BigInt(rate.priceUnitSeconds);
  const place = TEN ** BigInt(SCALE - amountDecimals);
  const numerator = rate.connectFeeMicros * unit + billed * rate.priceMicros;
  const denominator = unit * place;
  const floor = numerator / denominator;
  const remainder = numerator - floor * denominator;
  let places = floor;
  if (rounding === 'up' && remainder > 0n) places += 1n;
  if (rounding === 'half_up' && 2n * remainder >= denominator) places += 1n;
  return {
    blockCount: Number(blocks),
    billedSeconds: Number(billed),
    amountMicros: places * place,
  };
}

/** The calendar month of `instant` in `timeZone`, as `YYYY-MM`. */
export function periodOf(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
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

/** The fields of a recorded call that its rating decides, as the API writes them. */
export interface RatedFields {
  readonly billing_period: string;
  readonly block_count: number;
  readonly billed_seconds: number;
  readonly amount: string;
  readonly rate: {
    readonly plan: string;
    readonly version: string;
    readonly prefix: string;
  };
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

/** The `default` plan's first version on a new database with the default block settings. */
export const DEFAULT_VERSION = versionOf('default', 0, {
  amount_decimals: 2,
  rates: [
    {
      prefix: '',
      first_block_seconds: 30,
      price: '0.05',
      price_unit_seconds: 30,
    },
  ],
});
