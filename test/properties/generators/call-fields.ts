/**
 * Arbitraries of a call's optional fields, `started_at` and `destination` (SPEC §3.1): valid
 * values, the same values written otherwise, and bad input. The oracle (call-fields.ts) judges
 * each value; these only make the interesting ones frequent.
 */
import fc from 'fast-check';
import { EARLIEST_START_MS, MAX_AHEAD_MS } from '../call-fields.js';

/** The generators' "now": the oracle judges every value by the clock when it is sent. */
const LOADED = Date.now();
const MINUTE = 60_000;

// prettier-ignore
const OFFSETS = [
  '+00:00', '+01:00', '+02:00', '-05:00', '-03:30', '+05:30', '+05:45', '+09:30', '-09:30',
  '+12:45', '+14:00', '-12:00', '-11:00',
];

/** `ms` as ISO 8601 text in `zone` (`Z` or an offset), with `digits` fraction digits. */
export function isoText(ms: number, zone: string, digits: number): string {
  const [, sign, hh, mm] = /^([+-])(\d{2}):(\d{2})$/.exec(zone) ?? [];
  const offsetMs =
    sign === undefined
      ? 0
      : (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * MINUTE;
  const local = new Date(ms + offsetMs).toISOString();
  const fraction = digits === 0 ? '' : `.${local.slice(20, 20 + digits)}`;
  return `${local.slice(0, 19)}${fraction}${zone}`;
}

const instant = (min: number, max: number) => fc.integer({ min, max });

const startedText = (ms: fc.Arbitrary<number>) =>
  fc
    .record({
      ms,
      zone: fc.oneof(
        { weight: 3, arbitrary: fc.constant('Z') },
        { weight: 2, arbitrary: fc.constantFrom(...OFFSETS) },
      ),
      digits: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ ms, zone, digits }) => isoText(ms, zone, digits));

// prettier-ignore
const EDGE_STARTS = [
  '2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000+00:00', '2000-01-01T01:00:00+01:00',
  '2024-02-29T12:00:00Z', '2026-10-31T23:59:59.999Z', '2026-11-01T00:00:00.000Z',
  '2026-11-01T01:30:00+02:00', '2026-10-31T20:00:00-05:00', '2025-12-31T23:59:59.999-01:00',
];

/** A `started_at` the SPEC accepts (but, by then, for the 5 minutes ahead). */
export const validStartedAt: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: startedText(instant(EARLIEST_START_MS, LOADED)) },
  {
    weight: 2,
    arbitrary: startedText(instant(LOADED - 60 * MINUTE, LOADED + 4 * MINUTE)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_STARTS) },
);

// prettier-ignore
const BAD_START_TEXTS = [
  '', 'now', '1999-12-31T23:59:59.999Z', '2000-01-01T00:59:59+01:00', '2026-11-24T10:15:30',
  '2026-11-24', '2026-11-24T10:15:30.1234Z', '2026-11-24T10:15:30.000000Z',
  '2026-02-29T00:00:00Z', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z',
  '2026-11-31T00:00:00Z', '2026-11-24T25:00:00Z', '2026-11-24T10:60:00Z', '2026-11-24T10:15:61Z',
  '2026-11-24T10:15:30+25:00', '2026-11-24T10:15:30+05:60', 'Tue, 24 Nov 2026 10:15:30 GMT',
  '2100-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z',
  '+002026-11-24T10:15:30Z', '2026-11-24T10:15:30Z ', ' 2026-11-24T10:15:30Z',
  '2026-11-24T10:15:30ZZ', '2026-11-24T10:15:30.Z', '1795000000000',
];

// prettier-ignore
const BAD_START_VALUES: readonly unknown[] = [
  1_795_000_000_000, 0, -1, true, false, [], {}, ['2026-11-24T10:15:30Z'],
  { at: '2026-11-24T10:15:30Z' },
];

/** ISO 8601 or RFC 3339, but not in the SPEC's form: the SPEC does not say they are refused. */
// prettier-ignore
const OTHER_FORMS = [
  '2026-11-24t10:15:30z', '2026-11-24 10:15:30Z', '2026-11-24T10:15Z', '20261124T101530Z',
  '2026-11-24T10:15:30,5Z', '2026-11-24T10:15:30+0100', '2026-11-24T10:15:30+01',
  '2016-12-31T23:59:60Z', '2026-11-24T24:00:00Z', '2026-11-24T10:15:30-00:00',
  '2026-11-24T10:15:30+23:00',
];

/** A `started_at` value the SPEC refuses, or only nearly accepts. */
export const badStartedAt: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...BAD_START_TEXTS) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_START_VALUES) },
  // Past the 5 minutes ahead, or before 2000.
  {
    weight: 2,
    arbitrary: startedText(
      fc.oneof(
        instant(LOADED + MAX_AHEAD_MS + 10 * MINUTE, 253_402_300_799_999),
        instant(-62_135_596_800_000, EARLIEST_START_MS - 1),
      ),
    ),
  },
  // More than 3 fraction digits.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        startedText(instant(EARLIEST_START_MS, LOADED)),
        fc.oneof(fc.nat(9), fc.nat(99_999)),
      )
      .map(([text, more]) =>
        text.replace(
          /(:\d{2})(\.\d+)?(Z|[+-])/,
          (_, s: string, f: string | undefined, z: string) =>
            `${s}${(f ?? '.').padEnd(4, '0')}${more}${z}`,
        ),
      ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...OTHER_FORMS, null) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const digits = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789'),
    minLength: min,
    maxLength: max,
  });

/** A `destination` the SPEC accepts: E.164 with or without `+`, or null (absent). */
export const validDestination: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 3, arbitrary: digits(1, 15) },
  { weight: 3, arbitrary: digits(1, 15).map((d) => `+${d}`) },
  { weight: 1, arbitrary: fc.constantFrom('4930123456', '+4930123456', '1') },
  { weight: 1, arbitrary: fc.constant(null) },
);

// prettier-ignore
const BAD_DESTINATIONS: readonly unknown[] = [
  '', '+', '++4930', '0049 30 123', '+49-30-123', ' 4930', '4930 ', '+ 4930', '49+30',
  '١٢٣', '４９３０', 'tel:+4930', '4930\n', '0x10', '1e5', 4930, 0, true, [], {}, ['4930'],
];

/** A `destination` the SPEC refuses. */
export const badDestination: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BAD_DESTINATIONS) },
  { weight: 1, arbitrary: digits(16, 20) },
  { weight: 1, arbitrary: digits(16, 20).map((d) => `+${d}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
);

/** The optional fields of a generated call: mostly absent, mostly valid when present. */
export const callFields: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    started_at: fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: validStartedAt },
      { weight: 1, arbitrary: badStartedAt },
    ),
    destination: fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 6, arbitrary: validDestination },
      { weight: 1, arbitrary: badDestination },
    ),
  })
  .map(withoutUndefined);

/** Valid optional fields only. */
export const validCallFields: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    started_at: fc.option(validStartedAt, { nil: undefined, freq: 2 }),
    destination: fc.option(validDestination, { nil: undefined, freq: 2 }),
  })
  .map(withoutUndefined);

function withoutUndefined(
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
}

// prettier-ignore
const RETRY_STARTS = [
  undefined, undefined, '2026-11-24T10:15:30.123Z', '2026-10-31T23:30:00-02:00', '2000-01-01T00:00:00Z',
];
// prettier-ignore
const RETRY_DESTINATIONS = [undefined, undefined, '+4930123456', '4930123456', null, '1'];

/**
 * The optional fields a client retrying `key` sends again, chosen by the hash of the user and
 * key as `retryDuration` chooses the duration: a retry is the same call, field for field.
 */
export function retryFields(hash: number): Record<string, unknown> {
  return withoutUndefined({
    started_at: RETRY_STARTS[hash % RETRY_STARTS.length],
    destination: RETRY_DESTINATIONS[(hash >> 3) % RETRY_DESTINATIONS.length],
  });
}
