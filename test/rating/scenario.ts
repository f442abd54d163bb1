/**
 * Random rating scenarios for the property test: versions (prefix sets, terms, decimals,
 * rounding; in force already, through `?backdate=true`, or a few seconds ahead), plan
 * assignments, calls through PUT, batch and CSV import with or without `started_at` and
 * `destination`, and at the end, sometimes, a backdated correction.
 *
 * Instants ahead of now are offsets from a base the run fixes when it starts; instants in the
 * past are absolute. Prefixes and destinations share a four-digit alphabet so that they match
 * one another often.
 */
import fc from 'fast-check';
import { decimal, placeMicros } from '../support/oracle/decimal.js';
import type { CallInput, Path } from './support.js';
import type {
  RateBody,
  Rounding,
  VersionBody,
} from '../support/oracle/tariff.js';

export const PLANS = ['default', 'gold', 'silver'] as const;
export const USERS = ['alice', 'bob', 'Carol'] as const;

/** An instant: absolute in the past, or `offset` ms from the run's base (≥ 30 s ahead). */
export type When =
  | { readonly kind: 'past'; readonly at: number }
  | { readonly kind: 'ahead'; readonly offset: number };

export interface VersionStep {
  readonly plan: string;
  readonly when: When;
  readonly body: VersionBody;
  /** Sent as JSON or as `text/csv`. */
  readonly csv: boolean;
}

export interface AssignmentStep {
  readonly user: string;
  readonly plan: string;
  readonly when: When;
}

export interface CallStep {
  readonly user: string;
  readonly durationMs: number;
  /** Absent: recorded without `started_at`. */
  readonly start: When | undefined;
  readonly destination: string | null | undefined;
  readonly path: Path;
}

export type Correction =
  | { readonly kind: 'version'; readonly version: VersionStep }
  | { readonly kind: 'assignment'; readonly assignment: AssignmentStep };

export interface Scenario {
  readonly versions: readonly VersionStep[];
  readonly assignments: readonly AssignmentStep[];
  readonly calls: readonly CallStep[];
  readonly correction: Correction | undefined;
}

const EARLIEST = Date.parse('2000-01-01T00:00:00.000Z');
/** A day before the suite started: always in the past, whatever the run's clock. */
const LATEST_PAST = Date.now() - 86_400_000;

/** Within 15 hours of midnight UTC on the first of a month: a month edge in any zone. */
const monthEdge = fc
  .tuple(
    fc.integer({ min: 2000, max: 2025 }),
    fc.integer({ min: 0, max: 11 }),
    fc.integer({ min: -15 * 3_600_000, max: 15 * 3_600_000 }),
  )
  .map(([year, month, offset]) => Date.UTC(year, month, 1) + offset)
  .filter((at) => at >= EARLIEST);
const past = fc
  .oneof(fc.integer({ min: EARLIEST, max: LATEST_PAST }), monthEdge)
  .map((at): When => ({ kind: 'past', at }));
/** From the base (30 s ahead of the run's start) to 4 minutes ahead of it. */
const ahead = fc
  .integer({ min: 0, max: 200_000 })
  .map((offset): When => ({ kind: 'ahead', offset }));
const when = fc.oneof(past, ahead);

const digits = (maxLength: number) =>
  fc
    .array(fc.constantFrom('1', '2', '3', '4'), { minLength: 1, maxLength })
    .map((chars) => chars.join(''));

/**
 * A non-negative decimal with at most 6 decimals, written without trailing zeros, below
 * 1,000,000 (the largest price the service takes: README).
 */
const decimalText = fc
  .integer({ min: 0, max: 6 })
  .chain((decimals) =>
    fc.tuple(
      fc.constant(decimals),
      fc.oneof(
        fc.integer({ min: 0, max: 20 * 10 ** decimals }),
        fc.integer({ min: 0, max: 10 ** (6 + decimals) - 1 }),
      ),
    ),
  )
  .map(([decimals, units]) => {
    const text = decimal(BigInt(units) * placeMicros(decimals), decimals);
    // Written without trailing zeros, as a person would.
    return decimals === 0 ? text : text.replace(/\.?0+$/, '');
  });

const seconds = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(1, 6, 30, 60) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 120 }) },
  { weight: 1, arbitrary: fc.constantFrom(3_600, 86_400) },
);

/** Round prices, whose amounts often fall exactly half-way between two last places. */
const price = fc.oneof(
  { weight: 2, arbitrary: decimalText },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0.01', '0.05', '0.1', '1', '0.003'),
  },
);

const rateTerms = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        price,
        first_block_seconds: seconds,
        increment_seconds: seconds,
        price_unit_seconds: seconds,
        connect_fee: decimalText,
        no_charge_seconds: fc.integer({ min: 0, max: 90 }),
      },
      { requiredKeys: ['price'] },
    ),
  },
  {
    // Per second at a cent a minute: 30 s is exactly half a cent.
    weight: 1,
    arbitrary: fc.constant({
      price: '0.01',
      first_block_seconds: 1,
      price_unit_seconds: 60,
    }),
  },
);

const rates: fc.Arbitrary<RateBody[]> = fc
  .uniqueArray(digits(4), { maxLength: 5 })
  .chain((prefixes) =>
    fc.tuple(...['', ...prefixes].map(() => rateTerms)).map((terms) =>
      terms.map((term, index) => ({
        prefix: index === 0 ? '' : prefixes[index - 1],
        ...term,
      })),
    ),
  );

const versionBody: fc.Arbitrary<VersionBody> = fc.record(
  {
    amount_decimals: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(2)),
    rounding: fc.constantFrom<Rounding>('half_up', 'up', 'down'),
    rates,
  },
  { requiredKeys: ['rates'] },
);

const version = (plans: readonly string[]): fc.Arbitrary<VersionStep> =>
  fc.record({
    plan: fc.constantFrom(...plans),
    when,
    body: versionBody,
    csv: fc.boolean(),
  });

const pastVersion = version(PLANS).map((step): VersionStep =>
  step.when.kind === 'past'
    ? step
    : { ...step, when: { kind: 'past', at: LATEST_PAST - step.when.offset } },
);

const duration = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      1,
      999,
      1_000,
      1_001,
      5_000,
      29_999,
      30_000,
      30_001,
      59_999,
      60_000,
      60_001,
      2_147_483_647,
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 7_200_000 }) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0, max: 7_200 })
      .map((seconds) => seconds * 1000),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 240 })
      .map((halves) => halves * 30_000),
  },
);

const call: fc.Arbitrary<CallStep> = fc.record({
  user: fc.constantFrom(...USERS),
  durationMs: duration,
  start: fc.oneof(fc.constant(undefined), past, ahead),
  destination: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    digits(15),
    digits(15).map((number) => `+${number}`),
  ),
  path: fc.constantFrom<Path>('put', 'batch', 'csv'),
});

/** Unique by what identifies them: a second one at the same place would replace the first. */
const sameVersion = (step: VersionStep) =>
  `${step.plan} ${JSON.stringify(step.when)}`;
const sameAssignment = (step: AssignmentStep) =>
  `${step.user} ${JSON.stringify(step.when)}`;

export const scenario: fc.Arbitrary<Scenario> = fc
  .uniqueArray(version(PLANS), {
    minLength: 1,
    maxLength: 6,
    selector: sameVersion,
  })
  .chain((versions) => {
    const known = ['default', ...versions.map(({ plan }) => plan)];
    const assignment = fc.record({
      user: fc.constantFrom(...USERS),
      plan: fc.constantFrom(...known),
      when,
    });
    return fc.record({
      versions: fc.constant(versions),
      assignments: fc.uniqueArray(assignment, {
        maxLength: 4,
        selector: sameAssignment,
      }),
      calls: fc.array(call, { minLength: 1, maxLength: 40, size: 'max' }),
      correction: fc.option(
        fc.oneof(
          pastVersion.map((step): Correction => ({
            kind: 'version',
            version: step,
          })),
          fc
            .record({
              user: fc.constantFrom(...USERS),
              plan: fc.constantFrom(...known),
              when: past,
            })
            .map((step): Correction => ({
              kind: 'assignment',
              assignment: step,
            })),
        ),
        { nil: undefined },
      ),
    });
  });

/** The instant `when` names in a run whose base is `base`. */
export const instantOf = (when: When, base: number): number =>
  when.kind === 'past' ? when.at : base + when.offset;

/** The call as it is sent. */
export function callInput(step: CallStep, base: number): CallInput {
  return {
    user: step.user,
    durationMs: step.durationMs,
    startedAt:
      step.start === undefined
        ? undefined
        : new Date(instantOf(step.start, base)).toISOString(),
    destination: step.destination,
  };
}

/** A version as `text/csv`: the rate fields as columns, an empty cell for each left out. */
export function versionCsv(body: VersionBody): string {
  const columns = [
    'prefix',
    'price',
    'first_block_seconds',
    'increment_seconds',
    'price_unit_seconds',
    'connect_fee',
    'no_charge_seconds',
  ] as const;
  const lines = body.rates.map((rate) =>
    columns.map((column) => String(rate[column] ?? '')).join(','),
  );
  return `${[columns.join(','), ...lines].join('\n')}\n`;
}
