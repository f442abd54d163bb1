import { jest } from '@jest/globals';
import type { TariffConfig } from '../../platform/config/app-config.js';
import type { AppConfigService } from '../../platform/config/app-config.service.js';
import type { Database } from '../../platform/database/database.js';
import type { Statement } from '../../platform/database/statement.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import {
  TotalsRepository,
  type StoredTotals,
  type TotalsRead,
} from '../persistence/totals.repository.js';
import { BillingService } from './billing.service.js';

const DEFAULT_TARIFF: TariffConfig = {
  blockSeconds: 30,
  pricePerBlock: '0.05',
  currency: 'USD',
};

const month = (
  userName: string,
  period: string,
  [callCount, totalDuration, blockCount]: readonly (number | bigint)[],
): StoredTotals => ({
  userName,
  period,
  callCount: BigInt(callCount ?? 0),
  totalDuration: BigInt(totalDuration ?? 0),
  blockCount: BigInt(blockCount ?? 0),
});

/**
 * A BillingService on a Database whose reads answer what `answer` says for the users asked
 * for: the repositories are the real ones; only the database's answers are made up.
 */
function billingServiceWith(
  answer: (users: readonly string[]) => TotalsRead,
  { tariff = DEFAULT_TARIFF, anyCall = false } = {},
) {
  const read = jest.fn((...statements: Statement<unknown>[]) => {
    const [first] = statements;
    return Promise.resolve(
      first?.sql.includes('billing_totals')
        ? [answer(first.parameters as string[])]
        : [anyCall],
    );
  });
  const database = { dialect: 'mysql', read } as unknown as Database;
  const service = new BillingService(
    database,
    new TotalsRepository(database),
    new CallsRepository(database),
    { tariff } as AppConfigService,
  );
  return { service, read };
}

const stamped =
  (...months: StoredTotals[]) =>
  (): TotalsRead => ({
    blockMs: 30_000,
    months,
  });

describe('BillingService', () => {
  it('turns the totals into the SPEC example bill', async () => {
    const { service } = billingServiceWith(
      stamped(month('alice', '2026-11', [2, 575_001, 21])),
    );

    await expect(service.billFor('alice')).resolves.toStrictEqual({
      userName: 'alice',
      period: null,
      callCount: 2,
      totalDuration: 575_001,
      blockCount: 21,
      blockSeconds: 30,
      pricePerBlock: '0.05',
      amount: '1.05',
      currency: 'USD',
    });
  });

  it('bills a user without calls as zero', async () => {
    const { service } = billingServiceWith(stamped());

    await expect(service.billFor('bob')).resolves.toMatchObject({
      userName: 'bob',
      callCount: 0,
      totalDuration: 0,
      blockCount: 0,
      amount: '0.00',
    });
  });

  it('keeps a total duration beyond 32 bits exact', async () => {
    const { service } = billingServiceWith(
      stamped(month('alice', '2026-11', [3, 6_442_450_941n, 214_749])),
    );

    await expect(service.billFor('alice')).resolves.toMatchObject({
      totalDuration: 6_442_450_941,
      blockCount: 214_749,
      amount: '10737.45',
    });
  });

  it.each([
    [1n, '0.05', '0.05'],
    [20n, '0.05', '1.00'],
    [9_007_199_254_740_991n, '0.05', '450359962737049.55'],
    [3n, '0.125', '0.375'],
    [7n, '0.000001', '0.000007'],
    [3n, '2', '6'],
  ])(
    'prices %s blocks at %s exactly: %s',
    async (blocks, pricePerBlock, amount) => {
      const { service } = billingServiceWith(
        stamped(month('alice', '2026-11', [1, 1, blocks])),
        { tariff: { ...DEFAULT_TARIFF, pricePerBlock } },
      );

      await expect(service.billFor('alice')).resolves.toMatchObject({
        blockCount: Number(blocks),
        pricePerBlock,
        amount,
      });
    },
  );

  it('sums every month of the one user without a period, one month with it', async () => {
    const { service } = billingServiceWith(
      stamped(
        month('Alice', '2026-10', [1, 1, 1]),
        month('Alice', '2026-11', [2, 60_000, 2]),
        month('alice', '2026-11', [5, 5, 5]),
      ),
    );

    await expect(service.billFor('Alice')).resolves.toMatchObject({
      callCount: 3,
      totalDuration: 60_001,
      blockCount: 3,
    });
    await expect(service.billFor('Alice', '2026-11')).resolves.toMatchObject({
      period: '2026-11',
      callCount: 2,
      amount: '0.10',
    });
  });

  it('reads the bills asked for during a read together, in one statement', async () => {
    const { service, read } = billingServiceWith(stamped());

    const bills = ['a', 'b', 'c', 'd', 'e', 'd'].map((user) =>
      service.billFor(user),
    );
    await expect(Promise.all(bills)).resolves.toHaveLength(6);

    // Two reads may be in flight; the rest gather, and a user asked for twice is read once.
    expect(read.mock.calls.map(([statement]) => statement?.parameters)).toEqual(
      [['a'], ['b'], ['c', 'd', 'e']],
    );
  });

  it('refuses to bill from totals counted with another block length', async () => {
    const { service } = billingServiceWith(stamped(), {
      tariff: { ...DEFAULT_TARIFF, blockSeconds: 60 },
    });

    await expect(service.billFor('alice')).rejects.toThrow(/billing:rebuild/);
  });

  it('bills zero on a database not stamped yet, writing nothing', async () => {
    const { service, read } = billingServiceWith(() => ({
      blockMs: null,
      months: [],
    }));

    await expect(service.billFor('alice')).resolves.toMatchObject({
      callCount: 0,
    });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('refuses to bill calls that were never counted (an upgrade without a rebuild)', async () => {
    const { service } = billingServiceWith(
      () => ({ blockMs: null, months: [] }),
      {
        anyCall: true,
      },
    );

    await expect(service.billFor('alice')).rejects.toThrow(/billing:rebuild/);
  });

  it('refuses a total beyond what a JSON number holds exactly', async () => {
    const { service } = billingServiceWith(
      stamped(month('alice', '2026-11', [1, 9_007_199_254_740_993n, 1])),
    );

    await expect(service.billFor('alice')).rejects.toThrow(RangeError);
  });
});
