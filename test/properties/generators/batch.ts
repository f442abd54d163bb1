/** Arbitraries of `POST /calls/batch`. */
import fc from 'fast-check';
import type { BatchCase } from '../cases.js';
import type { Request } from '../harness.js';
import { SPEC } from '../oracle.js';
import {
  contentType,
  extraField,
  headersOf,
  invalidKey,
  junkAuthorization,
  USER_POOL,
  userText,
  validKey,
  validUserName,
} from './common.js';
import {
  badDestination,
  badStartedAt,
  validCallFields,
} from './call-fields.js';
import { itemDuration, retryCall } from './put.js';

// prettier-ignore
const BAD_FIELD_VALUES: readonly unknown[] = [
  '545000', 1.5, -1, 2_147_483_648, 1e21, null, true, [], {}, [1], '', 'alice', 0.1,
  Number.MAX_SAFE_INTEGER + 2,
];

/** A valid item, with `started_at` and `destination` at times; retries repeat their call. */
export const validItem: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    user_name: validUserName,
    call_duration: itemDuration,
    idempotency_key: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: validKey },
    ),
    fields: validCallFields,
    retry: fc.nat({ max: 9 }),
  })
  .map(({ retry, fields, ...item }) =>
    item.idempotency_key !== undefined && retry > 0
      ? {
          ...item,
          ...retryCall(item.user_name, item.idempotency_key),
        }
      : { ...item, ...fields },
  );

/** A JSON value a field must not hold, or only nearly. */
const badFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...BAD_FIELD_VALUES),
  userText,
  invalidKey,
  fc.jsonValue({ maxDepth: 1 }),
);

type Item = Record<string, unknown>;

/** An item with one thing wrong (or, by chance, nothing: the oracle decides from the value). */
const nearValidItem: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      validItem,
      fc.constantFrom(
        'user_name',
        'call_duration',
        'idempotency_key',
        'started_at',
        'destination',
      ),
      badFieldValue,
    )
    .map(([item, field, value]): Item => ({ ...item, [field]: value })),
  fc
    .tuple(validItem, badStartedAt)
    .map(([item, value]): Item => ({ ...item, started_at: value })),
  fc
    .tuple(validItem, badDestination)
    .map(([item, value]): Item => ({ ...item, destination: value })),
  fc
    .tuple(validItem, fc.constantFrom('user_name', 'call_duration'))
    .map(([item, field]): Item => {
      const copy: Item = { ...item };
      delete copy[field];
      return copy;
    }),
  fc
    .tuple(validItem, extraField)
    .map(([item, [field, value]]): Item => ({ ...item, [field]: value })),
  fc.constantFrom<unknown>(null, 5, 'alice', [], true),
  fc.jsonValue({ maxDepth: 2 }),
);

const batchItems = (maxLength: number) =>
  fc.array(
    fc.oneof(
      { weight: 25, arbitrary: validItem },
      { weight: 1, arbitrary: nearValidItem },
    ),
    { minLength: 1, maxLength },
  );

/** A batch body's JSON text. */
const batchPayload: fc.Arbitrary<string | undefined> = fc.oneof(
  {
    weight: 40,
    arbitrary: batchItems(12).map((calls) => JSON.stringify({ calls })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(batchItems(3), extraField)
      .map(([calls, [field, value]]) =>
        JSON.stringify({ calls, [field]: value }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 2 }).map((calls) => ({ calls })),
      )
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(batchItems(3), fc.nat()).map(([calls, cut]) => {
      const text = JSON.stringify({ calls });
      return text.slice(0, cut % text.length);
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      '{"calls": []}',
      '{"calls": null}',
      '[]',
    ),
  },
  // The size limits: 1,000 items is a batch, 1,001 is not. Rare: they cost a thousand rows.
  {
    weight: 1,
    arbitrary: fc.oneof(
      {
        weight: 9,
        arbitrary: batchItems(12).map((calls) => JSON.stringify({ calls })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(SPEC.maxBatch, SPEC.maxBatch + 1)
          .map((size) =>
            JSON.stringify({
              calls: Array.from({ length: size }, (_, i) => ({
                user_name: USER_POOL[i % USER_POOL.length],
                call_duration: i * 997,
              })),
            }),
          ),
      },
    ),
  },
);

export const batchCase: fc.Arbitrary<BatchCase> = fc.record({
  payload: batchPayload,
  contentType: fc.oneof(
    {
      weight: 10,
      arbitrary: fc.constant({ value: 'application/json', json: true }),
    },
    { weight: 1, arbitrary: contentType },
  ),
  authorization: junkAuthorization,
});

export function batchRequest(c: BatchCase): Request {
  return {
    method: 'POST',
    url: '/calls/batch',
    headers: headersOf({
      'content-type': c.contentType.value,
      authorization: c.authorization,
    }),
    payload: c.payload,
  };
}
