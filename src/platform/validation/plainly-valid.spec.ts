import type { ArgumentMetadata } from '@nestjs/common';
import { BatchCallsRequestDto } from '../../call-billing/http/dto/batch-calls.request.dto.js';
import { BillingQueryDto } from '../../call-billing/http/dto/billing.query.dto.js';
import { CallsQueryDto } from '../../call-billing/http/dto/calls.query.dto.js';
import { CreateCallRequestDto } from '../../call-billing/http/dto/create-call.request.dto.js';
import { UserNameParamsDto } from '../../call-billing/http/dto/user-name.params.dto.js';
import { hasExactKeys, plainlyValid } from './plainly-valid.js';
import { StrictValidationPipe } from './strict-validation.pipe.js';

/** What the full validation (class-transformer and class-validator) says of a value. */
async function validatorAccepts(
  metatype: ArgumentMetadata['metatype'],
  value: unknown,
): Promise<boolean> {
  // A subclass without `accept` of its own is never recognised: the full pass runs.
  class FullPass extends (metatype as new () => object) {}
  return new StrictValidationPipe()
    .transform(value, { type: 'body', metatype: FullPass })
    .then(
      () => true,
      () => false,
    );
}

const ITEM = { user_name: 'alice', call_duration: 1 };

const CASES: [ArgumentMetadata['metatype'], unknown[]][] = [
  [
    BatchCallsRequestDto,
    [
      { calls: [ITEM] },
      { calls: [{ ...ITEM, idempotency_key: 'k-1' }, ITEM] },
      { calls: Array.from({ length: 1000 }, () => ITEM) },
      { calls: Array.from({ length: 1001 }, () => ITEM) },
      { calls: [] },
      { calls: [{ ...ITEM, call_duration: -1 }] },
      { calls: [{ ...ITEM, user_name: '..' }] },
      { calls: [{ ...ITEM, idempotency_key: '' }] },
      { calls: [{ ...ITEM, idempotency_key: null }] },
      { calls: [{ ...ITEM, extra: 1 }] },
      { calls: [ITEM, null] },
      { calls: [[ITEM]] },
      { calls: ITEM },
      { calls: [ITEM], extra: 1 },
      JSON.parse(
        '{"calls": [{"user_name": "a", "call_duration": 1, "toString": 1}]}',
      ),
    ],
  ],
  [
    CreateCallRequestDto,
    [
      { call_duration: 545_000 },
      { call_duration: 0 },
      { call_duration: 2_147_483_647 },
      { call_duration: 2_147_483_648 },
      { call_duration: -1 },
      { call_duration: 1.5 },
      { call_duration: '545000' },
      { call_duration: null },
      { call_duration: Number.NaN },
      { call_duration: 1, extra: 1 },
      JSON.parse('{"call_duration": 1, "constructor": {}}'),
      {},
      [],
      null,
    ],
  ],
  [
    UserNameParamsDto,
    [
      { user_name: 'alice' },
      { user_name: 'A.b-c+d@e_f' },
      { user_name: 'x'.repeat(32) },
      { user_name: 'x'.repeat(33) },
      { user_name: '' },
      { user_name: 'al ice' },
      { user_name: 'alice\n' },
      { user_name: 'alice', other: 'x' },
    ],
  ],
  [
    BillingQueryDto,
    [
      {},
      { period: '2026-11' },
      { period: '2026-13' },
      { period: '' },
      { period: ['2026-11', '2026-12'] },
      { period: '2026-11', limit: '5' },
    ],
  ],
];

describe('plainly valid DTOs', () => {
  it.each(
    CASES.flatMap(([metatype, values]) =>
      values.map(
        (value) =>
          [metatype?.name, JSON.stringify(value), metatype, value] as const,
      ),
    ),
  )(
    '%s recognises %s only if the validator accepts it, as the same DTO',
    async (_, __, metatype, value) => {
      const accepted = plainlyValid(metatype, value);
      const valid = await validatorAccepts(metatype, value);

      if (accepted !== undefined) {
        expect(valid).toBe(true);
        expect(accepted).toBeInstanceOf(metatype as new () => object);
        expect({ ...accepted }).toEqual(
          expect.objectContaining(value as object),
        );
      }
      // The valid values above are plain ones: each is recognised without the full pass.
      if (valid) expect(accepted).toBeDefined();
    },
  );

  it('leaves a subclass to the validator: it may add fields of its own', () => {
    expect(plainlyValid(CallsQueryDto, { period: '2026-11' })).toBeUndefined();
  });

  it.each([
    [{ a: 1 }, ['a'], [], true],
    [{ a: 1, b: 2 }, ['a'], ['b'], true],
    [{}, [], ['b'], true],
    [{ b: 2 }, ['a'], ['b'], false],
    [{ a: 1, c: 3 }, ['a'], ['b'], false],
    [[1], [], [], false],
    [null, [], [], false],
    ['a', [], [], false],
  ] as const)(
    'hasExactKeys(%j, %j, %j) is %s',
    (value, required, optional, expected) => {
      expect(hasExactKeys(value, required, optional)).toBe(expected);
    },
  );
});
