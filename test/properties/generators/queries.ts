/** Arbitraries of `GET /mobile/{user_name}/billing` and `/calls` queries. */
import fc from 'fast-check';
import type { Param, Position, QueryCase, Verdict } from '../cases.js';
import { utcMonthOf } from '../../support/dates.js';
import { SPEC, YEAR_10000_MS } from '../oracle.js';
import {
  bytesEncoded,
  componentEncoded,
  contentType,
  headersOf,
  invalidKey,
  junkAuthorization,
  userSegment,
} from './common.js';

// prettier-ignore
const BAD_PERIODS = [
  '', '2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', '2026/11', ' 2026-11', '2026-11 ',
  '+2026-11', '-2026-11', '02026-11', '２０２６-11', '2026-11\n', 'abc', '%', 'null', '2026-W47',
  '202611', '2026-11T00:00Z',
];

// prettier-ignore
const BAD_LIMITS = [
  '0', '-1', '-0', '1001', '10000', '99999999', '9'.repeat(20), '1e2', '2.5', '1.0', ' 5', '5 ',
  '+5', '0x10', '', 'abc', 'NaN', 'Infinity', '٣', '１', '007', '0001', '00000001',
];

// prettier-ignore
const UNKNOWN_PARAMS = [
  'Period', 'LIMIT', 'foo', 'page', 'offset', 'user_name', 'period[]', '',
];

// prettier-ignore
const RAW_QUERY_PIECES = [
  '%', '%zz', '%E0%A4%A', '&', '&&', '=', 'period', 'limit', 'a=b=c', '%26', '+',
];

/** A cursor in the service's format, base64url of `<ms>.<id>` (white-box: src/call-billing/call-cursor.ts). */
export const cursorText = (position: Position): string =>
  Buffer.from(`${position.ms}.${position.id}`).toString('base64url');

function periodParam(now: string): fc.Arbitrary<Param> {
  const valid = (value: string): Param => ({
    name: 'period',
    value,
    verdict: 'accept',
  });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(now, '2026-10', '1970-01', '2038-01', '2000-02')
        .map(valid),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          year: fc.integer({ min: 0, max: 9999 }),
          month: fc.integer({ min: 1, max: 12 }),
        })
        .map(({ year, month }) =>
          valid(
            `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`,
          ),
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .oneof(fc.constantFrom(...BAD_PERIODS), fc.string({ maxLength: 10 }))
        .map((value): Param => ({
          name: 'period',
          value,
          verdict: SPEC.period.test(value) ? 'accept' : 'reject',
        })),
    },
  );
}

const limitParam: fc.Arbitrary<Param> = fc
  .oneof(
    fc.integer({ min: 1, max: SPEC.maxLimit }).map(String),
    fc.constantFrom('1', '2', '3', '100', '999', '1000'),
    fc.constantFrom(...BAD_LIMITS),
    fc.integer({ min: 1001, max: 100_000_000 }).map(String),
    fc.string({ maxLength: 8 }),
  )
  .map((value): Param => {
    let verdict: Verdict = 'reject';
    if (/^[1-9]\d*$/.test(value) && Number(value) <= SPEC.maxLimit)
      verdict = 'accept';
    // Leading zeros: the SPEC says 1–1000 and is silent on how the number is written.
    else if (/^0+[1-9]\d*$/.test(value) && Number(value) <= SPEC.maxLimit)
      verdict = 'either';
    return { name: 'limit', value, verdict };
  });

/**
 * A cursor: one the service issued (accepted, its position known), one written in the service's
 * format at a position of the test's choosing (the SPEC does not say whether such a cursor is
 * accepted; if it is, it must mean that position), or junk.
 */
function cursorParam(
  issued: readonly Param[],
  near: readonly Position[],
): fc.Arbitrary<Param> {
  const forged = fc
    .record({
      ms: fc.oneof(
        fc.integer({ min: 0, max: YEAR_10000_MS - 1 }),
        fc.integer({ min: 0, max: YEAR_10000_MS - 1 }),
        fc.integer({ min: YEAR_10000_MS, max: 999_999_999_999_999 }),
        fc
          .constantFrom(...near.map((p) => p.ms))
          .chain((ms) => fc.integer({ min: Math.max(0, ms - 2), max: ms + 2 })),
      ),
      id: fc.oneof(
        fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }),
        fc
          .constantFrom(...near.map((p) => p.id))
          .chain((id) =>
            fc.bigInt({ min: id > 2n ? id - 2n : 0n, max: id + 2n }),
          ),
      ),
    })
    .map((position): Param => ({
      name: 'cursor',
      value: cursorText(position),
      verdict: 'either',
      position,
    }));
  const junk = fc
    .oneof(
      fc.string({ maxLength: 30 }),
      fc.base64String({ maxLength: 30 }),
      fc
        .constantFrom(...issued.map((p) => p.value))
        .chain((value) =>
          fc.oneof(
            fc.constant(`${value}=`),
            fc.constant(`${value}.`),
            fc.constant(value.slice(1)),
            fc.constant(
              `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`,
            ),
            fc.constant(
              Buffer.from(Buffer.from(value, 'base64url').toString()).toString(
                'base64',
              ),
            ),
          ),
        ),
      fc.constantFrom('', 'null', '0', '0.0', '-1.1', '%00'),
    )
    .map((value): Param => ({ name: 'cursor', value, verdict: 'either' }));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...issued) },
    { weight: 2, arbitrary: forged },
    { weight: 2, arbitrary: junk },
  );
}

/** Parameters the endpoint does not know, and malformed pieces of a query string. */
const strayParam: fc.Arbitrary<Param> = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...UNKNOWN_PARAMS), fc.string({ maxLength: 8 })),
      fc.string({ maxLength: 8 }),
    )
    .map(([name, value]): Param => ({ name, value, verdict: 'reject' })),
  fc
    .constantFrom(...RAW_QUERY_PIECES)
    .map((value): Param => ({ name: '', value, verdict: 'either', raw: true })),
);

export function queryString(params: readonly Param[]): string {
  const encode = (text: string): string => {
    try {
      return encodeURIComponent(text);
    } catch {
      return bytesEncoded(text, true).segment;
    }
  };
  return params
    .map((p) => (p.raw ? p.value : `${encode(p.name)}=${encode(p.value)}`))
    .join('&');
}

/**
 * A query of either route, on the users the test seeded mostly; `issued` are cursors the service
 * gave, `near` the positions of the seeded calls, `now` the time of the seeding.
 */
export function queryCase(
  now: Date,
  issued: readonly Param[],
  near: readonly Position[],
): fc.Arbitrary<QueryCase> {
  const queryUser = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom('alice', 'Alice', 'bob', 'u_1.x+y@z-w')
        .map(componentEncoded),
    },
    { weight: 2, arbitrary: userSegment },
  );
  const param = (route: 'billing' | 'calls') =>
    route === 'billing'
      ? fc.oneof(
          { weight: 8, arbitrary: periodParam(utcMonthOf(now)) },
          { weight: 1, arbitrary: limitParam },
          { weight: 1, arbitrary: strayParam },
        )
      : fc.oneof(
          { weight: 3, arbitrary: periodParam(utcMonthOf(now)) },
          { weight: 4, arbitrary: limitParam },
          { weight: 4, arbitrary: cursorParam(issued, near) },
          { weight: 1, arbitrary: strayParam },
        );
  return fc
    .constantFrom<'billing' | 'calls'>('billing', 'calls')
    .chain((route) =>
      fc.record({
        route: fc.constant(route),
        user: queryUser,
        params: fc.array(param(route), { maxLength: 3 }),
        // A GET reads no body and no key: such headers change nothing.
        headers: fc
          .record({
            'content-type': fc.option(
              contentType.map((ct) => ct.value ?? ''),
              { nil: undefined },
            ),
            'idempotency-key': fc.option(invalidKey, { nil: undefined }),
            authorization: junkAuthorization,
          })
          .map(headersOf),
      }),
    );
}
