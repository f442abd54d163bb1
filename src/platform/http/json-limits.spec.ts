import { JSON_LIMITS, jsonLimitFault } from './json-limits.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('jsonLimitFault', () => {
  it.each([
    ['a call', '{"call_duration": 545000}'],
    [
      'a batch of 1,000 calls',
      `{"calls": [${Array(1000).fill('{"user_name": "a", "call_duration": 1}').join(',')}]}`,
    ],
    ['nesting up to the limit', `{"x": ${nested(JSON_LIMITS.depth - 1)}}`],
    ['brackets and commas in strings', '{"a": "{{{{[[[[,,,,", "b": "\\"{[,"}'],
    ['a text that is not JSON at all', 'not json at all ]]]}}}'],
  ])('finds nothing past the limits in %s', (_, text) => {
    expect(jsonLimitFault(text)).toBeUndefined();
  });

  it('names where nesting goes past the limit', () => {
    expect(
      jsonLimitFault(`{"call_duration":1,"x":${nested(100_000)}}`),
    ).toEqual({
      field: `x${'[0]'.repeat(JSON_LIMITS.depth - 1)}`,
      message: 'nested more than 32 levels deep',
    });
  });

  it('refuses an object of more fields than any of the API', () => {
    const fields = Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`);

    expect(jsonLimitFault(`{"call_duration":1,${fields.join(',')}}`)).toEqual({
      field: 'body',
      message: 'an object of more than 64 fields',
    });
  });

  it('refuses an array of more items than any of the API, naming it', () => {
    const items = Array<string>(60_000).fill('{"toString":1}');

    expect(jsonLimitFault(`{"calls":[${items.join(',')}]}`)).toEqual({
      field: 'calls',
      message: 'an array of more than 10000 items',
    });
  });

  it('names a nested array by its keys and indexes', () => {
    const big = `[${Array<string>(20_000).fill('1').join(',')}]`;

    expect(
      jsonLimitFault(
        `{"calls":[{"a":1},{"user_name":"x","idempotency_key":${big}}]}`,
      ),
    ).toEqual({
      field: 'calls[1].idempotency_key',
      message: 'an array of more than 10000 items',
    });
  });

  it('names a fault from its own text only, whatever was scanned before', () => {
    jsonLimitFault(`{"first":{"second":${nested(100)}}}`);

    expect(jsonLimitFault(`[{${nested(100)}`)).toEqual({
      field: `[0].${'[0]'.repeat(JSON_LIMITS.depth - 2)}`,
      message: 'nested more than 32 levels deep',
    });
  });
});
