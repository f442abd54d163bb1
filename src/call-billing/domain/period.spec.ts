import { parsePeriod } from './period.js';

describe('parsePeriod', () => {
  it.each([
    ['2026-11', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['0001-01', '0001-01-01T00:00:00.000Z', '0001-02-01T00:00:00.000Z'],
  ])('reads %s as the UTC month [%s, %s)', (name, start, end) => {
    const period = parsePeriod(name);
    expect(period.name).toBe(name);
    expect(period.start.toISOString()).toBe(start);
    expect(period.end.toISOString()).toBe(end);
  });

  it.each([
    '',
    '2026-13',
    '2026-00',
    '2026-1',
    '26-11',
    '2026/11',
    '2026-11-01',
    ' 2026-11',
  ])('rejects "%s"', (name) => {
    expect(() => parsePeriod(name)).toThrow(RangeError);
  });
});
