import { isWholeNumberLiteral, keepingFractions } from './whole-number.js';

describe('isWholeNumberLiteral', () => {
  it.each([
    ['0', true],
    ['-0', true],
    ['545000', true],
    ['-1', true],
    ['3e3', true],
    ['3E+3', true],
    ['3000.0', true],
    ['3000.000e0', true],
    ['1.5e1', true],
    ['0.0', true],
    ['0e-400', true],
    ['12.34e2', true],
    ['2147483647.0', true],
    ['1e400', true],
    ['1.5', false],
    ['1.0000000000000001', false],
    ['2147483647.0000001', false],
    ['1e-400', false],
    ['1.5e-320', false],
    ['12.345e2', false],
    ['-0.5', false],
    ['10e-2', false],
  ])('%s is whole: %s', (text, whole) => {
    expect(isWholeNumberLiteral(text)).toBe(whole);
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
