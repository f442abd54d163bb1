import { isWholeNumberLiteral, keepingFractions } from './whole-number.js';

describe('isWholeNumberLiteral', () => {
  it.each([
    '0',
    '-0',
    '545000',
    '-1',
    '3e3',
    '3E+3',
    '3000.0',
    '3000.000e0',
    '1.5e1',
    '0.0',
    '0e-400',
    '12.34e2',
    '2147483647.0',
    '1e400',
  ])('takes %s as whole', (text) => {
    expect(isWholeNumberLiteral(text)).toBe(true);
  });

  it.each([
    '1.5',
    '1.0000000000000001',
    '2147483647.0000001',
    '1e-400',
    '1.5e-320',
    '12.345e2',
    '-0.5',
    '10e-2',
  ])('takes %s as a fraction', (text) => {
    expect(isWholeNumberLiteral(text)).toBe(false);
  });

  it('leaves a text that is no number literal to the parser', () => {
    expect(isWholeNumberLiteral('1.e5')).toBe(true);
    expect(isWholeNumberLiteral('--1')).toBe(true);
  });
});

describe('keepingFractions', () => {
  it.each([
    ['a whole duration', '{"call_duration": 545000}'],
    ['an exponent that stays whole', '{"call_duration": 3e3}'],
    ['numbers in strings', '{"reason": "1.0000000000000001 and 1e-400"}'],
    ['escaped quotes in strings', '{"reason": "\\"1.5e-400\\""}'],
  ])('leaves the text as it is with %s', (_, text) => {
    expect(keepingFractions(text)).toBe(text);
  });

  it('writes every fraction a double would lose as 0.5', () => {
    expect(
      keepingFractions(
        '{"calls":[{"call_duration":1.0000000000000001},{"call_duration":1e-400,"x":-2.5}]}',
      ),
    ).toBe('{"calls":[{"call_duration":0.5},{"call_duration":0.5,"x":0.5}]}');
  });

  it('keeps the last of two equal keys, as the parser does', () => {
    const text = keepingFractions(
      '{"call_duration":{"":5e-324},"call_duration":0}',
    );
    expect(JSON.parse(text)).toEqual({ call_duration: 0 });
  });
});
