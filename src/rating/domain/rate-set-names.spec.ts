import { newRateSetName, rateSetBegan } from './rate-set-names.js';

describe('rate set names', () => {
  it('fit a plan column, sort after every plan name, and differ at the same moment', () => {
    const now = new Date('2026-12-01T17:00:00.123Z');
    const names = [newRateSetName(now), newRateSetName(now)];

    expect(names[0]).not.toBe(names[1]);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(32);
      expect(name > 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz').toBe(true);
      expect(name).toMatch(/^~[0-9a-z]+\.[0-9a-f]{12}$/);
    }
  });

  it('tell when their upload began', () => {
    const now = new Date('2026-12-01T17:00:00.123Z');

    expect(rateSetBegan(newRateSetName(now))).toEqual(now);
  });

  it('tell a set named after a plan, and a malformed name as begun long ago', () => {
    expect(rateSetBegan('default')).toBeUndefined();
    expect(rateSetBegan('gold')).toBeUndefined();
    expect(rateSetBegan('~junk')).toEqual(new Date(0));
    expect(rateSetBegan('~!!.00')).toEqual(new Date(0));
  });
});
