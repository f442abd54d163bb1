import { tableOf } from '../../../test/support/spec/rate-tables.js';
import { defaultTerms } from './rate-arithmetic.js';
import type { RatedVersion } from './rate-table.js';
import { effectiveFromOf, TariffBook } from './tariff-book.js';

function version(
  plan: string,
  from: string,
  prefixes: readonly string[],
): RatedVersion {
  return {
    plan,
    effectiveFrom: new Date(from),
    amountDecimals: 2,
    rounding: 'half_up',
    rates: tableOf(
      prefixes.map((prefix, index) => ({
        ...defaultTerms(60, BigInt(index + 1) * 10_000n),
        prefix,
      })),
    ),
  };
}

const BOOK = new TariffBook(
  new Map([
    [
      'default',
      [
        version('default', '1970-01-01T00:00:00Z', ['']),
        version('default', '2026-11-01T00:00:00Z', ['', '49', '4930']),
      ],
    ],
    ['business', [version('business', '2026-12-01T00:00:00Z', ['', '1'])]],
  ]),
  new Map([
    [
      'alice',
      [
        { effectiveFrom: new Date('2026-06-01T00:00:00Z'), plan: 'business' },
        { effectiveFrom: new Date('2026-12-15T00:00:00Z'), plan: 'default' },
      ],
    ],
  ]),
);

describe('TariffBook', () => {
  it.each([
    // user, started, destination → plan, version, prefix
    [
      'bob',
      '2026-10-31T23:59:59.999Z',
      '4930123',
      'default',
      '1970-01-01T00:00:00.000Z',
      '',
    ],
    [
      'bob',
      '2026-11-01T00:00:00.000Z',
      '4930123',
      'default',
      '2026-11-01T00:00:00.000Z',
      '4930',
    ],
    [
      'bob',
      '2026-11-01T00:00:00.000Z',
      '4940123',
      'default',
      '2026-11-01T00:00:00.000Z',
      '49',
    ],
    [
      'bob',
      '2026-11-01T00:00:00.000Z',
      '3312',
      'default',
      '2026-11-01T00:00:00.000Z',
      '',
    ],
    [
      'bob',
      '2026-11-01T00:00:00.000Z',
      null,
      'default',
      '2026-11-01T00:00:00.000Z',
      '',
    ],
    // alice's plan has no version yet in November: the default plan's version prices her calls.
    [
      'alice',
      '2026-11-20T00:00:00.000Z',
      '4930',
      'default',
      '2026-11-01T00:00:00.000Z',
      '4930',
    ],
    [
      'alice',
      '2026-12-01T00:00:00.000Z',
      '1555',
      'business',
      '2026-12-01T00:00:00.000Z',
      '1',
    ],
    [
      'alice',
      '2026-12-15T00:00:00.000Z',
      '1555',
      'default',
      '2026-11-01T00:00:00.000Z',
      '',
    ],
  ] as const)(
    'rates %s at %s to %s with %s@%s, prefix "%s"',
    (user, at, destination, plan, from, prefix) => {
      expect(BOOK.rate(user, new Date(at), destination)).toMatchObject({
        plan,
        version: new Date(from),
        prefix,
      });
    },
  );

  it('leaves itself as it is when a change is tried on it', () => {
    const changed = BOOK.with({
      kind: 'version',
      version: version('default', '2026-11-01T00:00:00Z', ['', '33']),
    });

    const at = new Date('2026-11-02T00:00:00Z');
    expect(changed.rate('bob', at, '3312').prefix).toBe('33');
    expect(BOOK.rate('bob', at, '3312').prefix).toBe('');
    expect(
      BOOK.with({
        kind: 'assignment',
        userName: 'bob',
        assignment: {
          effectiveFrom: new Date('2026-12-01T00:00:00Z'),
          plan: 'business',
        },
      }).rate('bob', new Date('2026-12-02T00:00:00Z'), '1').plan,
    ).toBe('business');
  });

  it('without a removed version, prices by the one before it (or by default when none is left)', () => {
    const withoutNovember = BOOK.with({
      kind: 'removal',
      plan: 'default',
      effectiveFrom: new Date('2026-11-01T00:00:00Z'),
    });
    const withoutBusiness = BOOK.with({
      kind: 'removal',
      plan: 'business',
      effectiveFrom: new Date('2026-12-01T00:00:00Z'),
    });

    const at = new Date('2026-12-02T00:00:00Z');
    expect(withoutNovember.rate('bob', at, '4930').version).toEqual(
      new Date('1970-01-01T00:00:00Z'),
    );
    expect(BOOK.rate('bob', at, '4930').prefix).toBe('4930');
    expect(withoutBusiness.rate('alice', at, '1')).toMatchObject({
      plan: 'default',
      prefix: '',
    });
    expect(BOOK.rate('alice', at, '1').plan).toBe('business');
  });

  it.each([
    [
      'version',
      '2027-01-01T00:00:00.000Z',
      {
        kind: 'version',
        version: version('gold', '2027-01-01T00:00:00Z', ['']),
      },
    ],
    [
      'removal',
      '2027-02-01T00:00:00.000Z',
      {
        kind: 'removal',
        plan: 'gold',
        effectiveFrom: new Date('2027-02-01T00:00:00Z'),
      },
    ],
    [
      'assignment',
      '2027-03-01T00:00:00.000Z',
      {
        kind: 'assignment',
        userName: 'bob',
        assignment: {
          plan: 'gold',
          effectiveFrom: new Date('2027-03-01T00:00:00Z'),
        },
      },
    ],
  ] as const)('a %s change takes effect at %s', (_kind, expected, change) => {
    expect(effectiveFromOf(change).toISOString()).toBe(expected);
  });
});
