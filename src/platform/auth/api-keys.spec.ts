import { ApiKeys } from './api-keys.js';

const FIRST = 'first-key-0123456789';
const SECOND = 'second-key-abcdefghij';

describe('ApiKeys', () => {
  const keys = new ApiKeys([FIRST, SECOND]);

  it('is enabled only with keys', () => {
    expect(keys.enabled).toBe(true);
    expect(new ApiKeys([]).enabled).toBe(false);
  });

  it.each([
    [`Bearer ${FIRST}`, 0],
    [`Bearer ${SECOND}`, 1],
    [`bearer ${SECOND}`, 1],
    [`BEARER  ${FIRST} `, 0],
  ])('identifies %p as key %p', (header, expected) => {
    expect(keys.identify(header)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['Bearer'],
    ['Bearer '],
    [FIRST],
    [`Basic ${FIRST}`],
    [`Bearer ${FIRST}x`],
    [`Bearer ${FIRST.slice(0, -1)}`],
    [`Bearer ${FIRST.toUpperCase()}`],
    [`Bearer ${FIRST} ${SECOND}`],
    [`Bearer ${FIRST},${SECOND}`],
    ['Bearer ' + 'x'.repeat(10_000)],
  ])('refuses %p', (header) => {
    expect(keys.identify(header)).toBeUndefined();
  });

  it('identifies nothing when no keys are configured', () => {
    expect(new ApiKeys([]).identify(`Bearer ${FIRST}`)).toBeUndefined();
  });

  it('tells admin keys, found first when a key is in both lists', () => {
    const both = new ApiKeys([FIRST, SECOND], [SECOND]);
    const admin = both.identify(`Bearer ${SECOND}`);
    const plain = both.identify(`Bearer ${FIRST}`);
    expect(admin).toBeDefined();
    expect(plain).toBeDefined();
    expect(both.isAdmin(admin!)).toBe(true);
    expect(both.isAdmin(plain!)).toBe(false);
    expect(new ApiKeys([], [FIRST]).enabled).toBe(true);
  });
});
