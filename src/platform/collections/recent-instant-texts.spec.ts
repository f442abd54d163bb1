import { RecentInstantTexts } from './recent-instant-texts.js';

describe('RecentInstantTexts', () => {
  it('formats an instant again only once two others were formatted after it', () => {
    const formatted: number[] = [];
    const texts = new RecentInstantTexts((instant) => {
      formatted.push(instant.getTime());
      return instant.toISOString();
    });
    const a = new Date('2026-12-01T10:00:00.000Z');
    const b = new Date('2026-12-01T10:00:00.001Z');
    const c = new Date('2026-11-01T00:00:00.000Z');

    expect(texts.of(a)).toBe('2026-12-01T10:00:00.000Z');
    expect(texts.of(new Date(a.getTime()))).toBe('2026-12-01T10:00:00.000Z');
    expect(texts.of(b)).toBe('2026-12-01T10:00:00.001Z');
    expect(texts.of(a)).toBe('2026-12-01T10:00:00.000Z');
    expect(formatted).toEqual([a.getTime(), b.getTime()]);

    expect(texts.of(c)).toBe('2026-11-01T00:00:00.000Z');
    expect(texts.of(b)).toBe('2026-12-01T10:00:00.001Z');
    expect(formatted).toEqual([a.getTime(), b.getTime(), c.getTime()]);
    expect(texts.of(a)).toBe('2026-12-01T10:00:00.000Z');
    expect(formatted).toEqual([
      a.getTime(),
      b.getTime(),
      c.getTime(),
      a.getTime(),
    ]);
  });

  it('gives an invalid date the formatter’s own answer, never a remembered one', () => {
    const texts = new RecentInstantTexts(() => 'x');
    expect(texts.of(new Date(Number.NaN))).toBe('x');
    expect(texts.of(new Date(Number.NaN))).toBe('x');
  });
});
