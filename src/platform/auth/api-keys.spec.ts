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
});
