import { isPrefix, prefixKey, PrefixKeys, prefixOfKey } from './prefix-keys.js';

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

  it('tells where a key was first added, growing as it goes', () => {
    const keys = new PrefixKeys();
    for (let i = 0; i < 50_000; i++) {
      expect(keys.add(prefixKey(String(i)), i)).toBe(-1);
    }

    expect(keys.add(prefixKey('0'), 99)).toBe(0);
    expect(keys.add(prefixKey('49999'), 99)).toBe(49_999);
    expect(keys.add(prefixKey('00'), 7)).toBe(-1);
    expect(keys.add(prefixKey(''), 8)).toBe(-1);
    expect(keys.add(prefixKey(''), 9)).toBe(8);
  });
});
