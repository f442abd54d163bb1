import {
  digitsOfKey,
  isPrefix,
  keyOfValue,
  prefixKey,
  prefixOfKey,
} from './prefix-keys.js';

describe('prefix keys', () => {
  it.each(['', '0', '00', '44', '044', '123456789012345', '999999999999999'])(
    'round-trips %p',
    (prefix) => {
      expect(prefixOfKey(prefixKey(prefix))).toBe(prefix);
    },
  );

  it.each([
    ['', true],
    ['0', true],
    ['123456789012345', true],
    ['1234567890123456', false],
    ['4a', false],
    ['+44', false],
    [44, false],
    [null, false],
  ])('isPrefix(%p) is %p', (value, expected) => {
    expect(isPrefix(value)).toBe(expected);
  });

  it.each([
    ['', 0],
    ['7', 1],
    ['0044', 4],
    ['999999999999999', 15],
    ['000000000000000', 15],
  ])(
    'knows the digits of %p, and makes its key from them',
    (prefix, digits) => {
      expect(digitsOfKey(prefixKey(prefix))).toBe(digits);
      expect(keyOfValue(Number(prefix), digits)).toBe(prefixKey(prefix));
    },
  );
});
