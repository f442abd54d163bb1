import { BatchCallsRequestDto } from '../../call-billing/http/dto/batch-calls.request.dto.js';
import { CreateCallRequestDto } from '../../call-billing/http/dto/create-call.request.dto.js';
import { IDEMPOTENCY_KEY_RULE } from '../../call-billing/domain/call-record.rules.js';
import { checkBody, MAX_DEPTH } from './body-check.js';
import { dtoShape } from './dto-shape.js';

const BATCH = dtoShape(BatchCallsRequestDto);
const CALL = dtoShape(CreateCallRequestDto);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('dtoShape', () => {
  it("reads a DTO's fields, its array limit and its items' shape", () => {
    expect([...(BATCH?.fields.keys() ?? [])]).toEqual(['calls']);
    const calls = BATCH?.fields.get('calls');
    expect(calls?.maxItems).toBe(1000);
    expect([...(calls?.nested?.fields.keys() ?? [])].sort()).toEqual([
      'call_duration',
      'destination',
      'idempotency_key',
      'started_at',
      'user_name',
    ]);
    expect([...(CALL?.fields.keys() ?? [])].sort()).toEqual([
      'call_duration',
      'destination',
      'started_at',
    ]);
  });

  it('has none for a class without validation', () => {
    expect(dtoShape(class Plain {})).toBeUndefined();
    expect(dtoShape(Object)).toBeUndefined();
  });
});

describe('checkBody', () => {
  it('finds nothing in a valid body', () => {
    const body = { calls: [{ user_name: 'a', call_duration: 1 }] };

    expect(checkBody(body, BATCH, 10)).toEqual({
      errors: [],
      faults: 0,
      overLimits: false,
      reserved: [],
    });
  });

  it('refuses more items than @ArrayMaxSize without looking at them', () => {
    const calls = Array.from({ length: 60_000 }, () => ({ toString: 1 }));

    expect(checkBody({ calls }, BATCH, 10)).toEqual({
      errors: [
        {
          field: 'calls',
          message: 'calls must hold at most 1000 items (got 60000)',
        },
      ],
      faults: 1,
      overLimits: true,
      reserved: [],
    });
  });

  it('counts every unknown field of an object with more fields than its DTO, naming the first', () => {
    const body: Record<string, number> = { call_duration: 1 };
    for (let i = 0; i < 100_000; i++) body[`k${i}`] = 1;

    const check = checkBody(body, CALL, 3);

    expect(check.overLimits).toBe(true);
    expect(check.faults).toBe(100_000);
    expect(check.errors.map((e) => e.field)).toEqual(['k0', 'k1', 'k2']);
  });

  it.each([2_000, 100_000])(
    'refuses nesting %i deep at the first level too deep',
    (depth) => {
      const check = checkBody({ calls: nested(depth) }, BATCH, 10);

      expect(check.overLimits).toBe(true);
      expect(check.errors).toEqual([
        {
          field: `calls${'[0]'.repeat(MAX_DEPTH)}`,
          message: `nested more than ${MAX_DEPTH} levels deep`,
        },
      ]);
    },
  );

  it('counts the fields of an object over its field count without walking their values', () => {
    // Every field of the DTO, and one more: four fields where it has three.
    const body = {
      call_duration: 1,
      started_at: '2026-11-24T10:15:30.123Z',
      destination: '+4930123456',
      x: nested(100_000),
    };

    const check = checkBody(body, CALL, 10);

    expect(check).toEqual({
      errors: [{ field: 'x', message: 'property x should not exist' }],
      faults: 1,
      overLimits: true,
      reserved: [],
    });
  });

  it('refuses an object or array where the DTO declares a scalar, without walking it', () => {
    const body = {
      calls: [
        { user_name: 'a', call_duration: 1, idempotency_key: nested(5_000) },
      ],
    };

    expect(checkBody(body, BATCH, 10)).toEqual({
      errors: [
        { field: 'calls[0].idempotency_key', message: IDEMPOTENCY_KEY_RULE },
      ],
      faults: 1,
      overLimits: true,
      reserved: [],
    });
  });

  it('accepts nesting up to the limit', () => {
    expect(checkBody({ calls: nested(MAX_DEPTH - 1) }, BATCH, 10).faults).toBe(
      0,
    );
  });

  it('finds reserved keys in objects of a DTO, named by path, for the validator cannot see them', () => {
    const body = JSON.parse(
      '{"calls":[{"user_name":"a"},{"toString":1,"constructor":{}}]}',
    ) as unknown;

    const check = checkBody(body, BATCH, 10);

    expect(check.overLimits).toBe(false);
    expect(check.reserved).toEqual([
      {
        field: 'calls[1].toString',
        message: 'property toString should not exist',
      },
      {
        field: 'calls[1].constructor',
        message: 'property constructor should not exist',
      },
    ]);
  });

  it('names a long key by its first 64 characters', () => {
    const key = 'k'.repeat(100_000);

    const [error] = checkBody({ call_duration: 1, [key]: 1 }, CALL, 10).errors;

    expect(error?.field).toBe(`${'k'.repeat(64)}…`);
    expect(error?.message.length).toBeLessThan(100);
  });
});
