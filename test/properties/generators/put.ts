/** Arbitraries of `PUT /mobile/{user_name}/call`. */
import fc from 'fast-check';
import type { PutCase } from '../cases.js';
import type { Request } from '../harness.js';
import { SPEC } from '../oracle.js';
import { callFields, retryFields, validCallFields } from './call-fields.js';
import {
  componentEncoded,
  contentType,
  extraField,
  headersOf,
  idempotencyKey,
  junkAuthorization,
  KEY_POOL,
  userSegment,
  validUserName,
} from './common.js';

// prettier-ignore
const EDGE_DURATIONS = [
  '0', '1', '29999', '30000', '30001', '59999', '60000', '60001', '545000', '2147483646',
  '2147483647',
];

// prettier-ignore
const OTHERWISE_WRITTEN_DURATIONS = [
  '3E3', '3e+3', '30000.0', '3.0e4', '300000e-1', '0.0', '0e10', '-0', '-0.0', '2147483647.0',
  '2147483647e0',
];

// prettier-ignore
const INVALID_DURATIONS = [
  '-1', '-30000', '2147483648', '4294967296', '9007199254740993', '1e21', '1e400', '-1e400',
  '1.5', '0.5', '30000.5', '1e-7', '-2147483648', '"545000"', '"3e3"', '"0"', 'null', 'true',
  'false', '[]', '[1]', '{}', '{"value":1}', '""', '1.7976931348623157e308',
];

// prettier-ignore
const NOT_JSON_DURATIONS = [
  'NaN', 'Infinity', '0x10', '01', '+1', '.5', '1.', '1e', '--1', "'1'",
];

// prettier-ignore
const MISSPELT_FIELDS = [
  'callDuration', 'Call_Duration', 'CALL_DURATION', 'call_duration ', ' call_duration',
  'call-duration', 'duration', 'call_duration\u0000', '__proto__', '',
];

// prettier-ignore
const ODD_PUT_BODIES: readonly (string | undefined)[] = [
  undefined, '', ' ', 'null', '[]', '{}', '"x"', '545000', '[{"call_duration": 1}]',
  '{"call_duration": 1}{"call_duration": 2}', '{"call_duration": 1,}',
  '{"call_duration": 1, "call_duration": 2}', '{"call_duration": 1, "call_duration": "2"}',
  '\uFEFF{"call_duration": 1}', '{"__proto__": {"call_duration": 1}}',
  '{"constructor": {"prototype": {"x": 1}}}',
];

/** The JSON text of a `call_duration`, valid, near-valid or not a number at all. */
const durationLiteral: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.integer({ min: 0, max: SPEC.maxDuration }).map(String),
  },
  {
    weight: 5,
    arbitrary: fc.constantFrom(...EDGE_DURATIONS),
  },
  // The same numbers written otherwise: `3e3` is 3000.
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 2_147_483 }).map((n) => `${n}e3`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...OTHERWISE_WRITTEN_DURATIONS),
  },
  // Out of range, fractions, huge, strings, other types.
  {
    weight: 4,
    arbitrary: fc.constantFrom(...INVALID_DURATIONS),
  },
  // Not JSON at all.
  {
    weight: 1,
    arbitrary: fc.constantFrom(...NOT_JSON_DURATIONS),
  },
  { weight: 2, arbitrary: fc.double().map((d) => JSON.stringify(d)) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  },
);

const durationField = fc.oneof(
  { weight: 30, arbitrary: fc.constant('call_duration') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...MISSPELT_FIELDS),
  },
);

const spacing = fc.constantFrom('', ' ', '\n', '\t', '  \r\n');

/**
 * `{"call_duration": <literal>}`, often with `started_at` or `destination` (valid or not),
 * sometimes with another field, in any order, oddly spaced.
 */
const callBody: fc.Arbitrary<string> = fc
  .record({
    field: durationField,
    literal: durationLiteral,
    fields: callFields,
    reversed: fc.boolean(),
    extras: fc.oneof(
      { weight: 12, arbitrary: fc.constant<[string, fc.JsonValue][]>([]) },
      {
        weight: 1,
        arbitrary: fc.array(extraField, { minLength: 1, maxLength: 3 }),
      },
    ),
    extrasFirst: fc.boolean(),
    ws: spacing,
  })
  .map(({ field, literal, fields, reversed, extras, extrasFirst, ws }) => {
    const members = [
      `${JSON.stringify(field)}:${ws}${literal}`,
      ...Object.entries(fields).map(
        ([k, v]) => `${JSON.stringify(k)}:${ws}${JSON.stringify(v)}`,
      ),
    ];
    if (reversed) members.reverse();
    const others = extras.map(
      ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
    );
    const all = extrasFirst ? [...others, ...members] : [...members, ...others];
    return `${ws}{${ws}${all.join(`,${ws}`)}${ws}}${ws}`;
  });

/** A PUT body: mostly call-shaped, sometimes any JSON, sometimes not JSON. */
const putPayload: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 20, arbitrary: callBody },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 4,
      })
      .map((object) => JSON.stringify(object)),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(callBody, fc.nat())
      .map(([body, cut]) => body.slice(0, cut % body.length)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...ODD_PUT_BODIES),
  },
);

export const putCase: fc.Arbitrary<PutCase> = fc.record({
  user: userSegment,
  payload: putPayload,
  contentType,
  key: idempotencyKey,
  authorization: junkAuthorization,
});

/** Durations of generated valid calls: block boundaries often, any valid one sometimes. */
export const itemDuration = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 30_000, 30_001, 545_000) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: SPEC.maxDuration }) },
);

function keyHash(user: string, key: string): number {
  let hash = 7;
  for (const char of `${user}\u0000${key}`)
    hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1_000_003;
  return hash;
}

/**
 * The call a client retrying `key` sends again: most keyed calls in the generated traffic are
 * retries of one call (duplicates, replays), a few reuse the key for another call (conflicts:
 * another duration, start or destination).
 */
export function retryCall(
  user: string,
  key: string,
): { call_duration: number } & Record<string, unknown> {
  const hash = keyHash(user, key);
  return { call_duration: hash % 600_001, ...retryFields(hash) };
}

/** A PUT the SPEC accepts (but for idempotency conflicts), with pooled users and keys. */
export const validPutCase: fc.Arbitrary<PutCase> = fc
  .record({
    user: validUserName,
    key: fc.option(fc.constantFrom(...KEY_POOL), { nil: undefined }),
    duration: itemDuration,
    fields: validCallFields,
    retry: fc.nat({ max: 9 }),
  })
  .map(({ user, key, duration, fields, retry }) => {
    const { call_duration, ...retried } =
      key !== undefined && retry > 0
        ? retryCall(user, key)
        : { call_duration: duration, ...fields };
    return { ...plainPut(user, call_duration, retried), key };
  });

export function putRequest(c: PutCase): Request {
  return {
    method: 'PUT',
    url: `/mobile/${c.user.segment}/call`,
    headers: headersOf({
      'content-type': c.contentType.value,
      'idempotency-key': c.key,
      authorization: c.authorization,
    }),
    payload: c.payload,
  };
}

/** The plainest valid PUT, with the optional `fields` given. */
export function plainPut(
  user: string,
  duration: number,
  fields: Record<string, unknown> = {},
): PutCase {
  return {
    user: componentEncoded(user),
    payload: JSON.stringify({ call_duration: duration, ...fields }),
    contentType: { value: 'application/json', json: true },
    key: undefined,
    authorization: undefined,
  };
}
