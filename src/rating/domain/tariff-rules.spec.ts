import { parseDecimal } from './decimal.js';
import { decimalMicros } from './rate-deck.js';
import { parseInstant } from './tariff-rules.js';
import { itRefusesEach } from '../../../test/support/spec/tables.js';

describe('parseInstant', () => {
  it.each([
    ['2026-12-01T00:00:00Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T00:00:00.5Z', '2026-12-01T00:00:00.500Z'],
    ['2026-12-01T00:00:00.123Z', '2026-12-01T00:00:00.123Z'],
    ['2026-12-01T01:30:00+01:30', '2026-12-01T00:00:00.000Z'],
    ['2026-11-30T19:00:00-05:00', '2026-12-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %p as %p', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  itRefusesEach(
    parseInstant,
    [
      '2026-12-01',
      '2026-12-01T00:00:00',
      '2026-12-01T00:00:00.1234Z',
      '2026-12-01 00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T00:60:00Z',
      '2026-12-01T00:00:60Z',
      '2026-12-01T00:00:00+24:00',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:30:00+01:00',
      '+02026-12-01T00:00:00Z',
      'now',
    ],
    'refuses %p',
  );
});

describe('decimalMicros', () => {
  it.each([
    '0',
    '1',
    '0.05',
    '0.050',
    '999999.999999',
    '123456.1',
    '1.',
    '.5',
    '-1',
    '+1',
    '1e3',
    '1234567',
    '0.0000001',
    '1.2.3',
    ' 1',
    '',
    '١',
  ])('reads %p exactly as parseDecimal does', (text) => {
    const parsed = parseDecimal(text);
    expect(decimalMicros(text)).toBe(
      parsed === undefined ? -1 : Number(parsed.micros),
    );
  });
});
