import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { TariffConfig } from '../../platform/config/app-config.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { BillingService } from './billing.service.js';
import { DataSource } from 'typeorm';

type Dialect = 'mysql' | 'better-sqlite3';

const DEFAULT_TARIFF: TariffConfig = {
  blockSeconds: 30,
  pricePerBlock: '0.05',
  currency: 'USD',
};

interface Setting {
  readonly dialect?: Dialect;
  readonly tariff?: TariffConfig;
  /** The block length the stored totals were counted with; the tariff's unless said. */
  readonly stampedBlockMs?: number;
}

/**
 * A DataSource whose batch read answers `totals` (in the camelCase of the old tests, mapped to
 * the columns) as the one month of whichever user is asked for, stamped with `stampedBlockMs`.
 */
async function billingServiceWith(
  totals:
    | { callCount: unknown; totalDuration: unknown; blockCount: unknown }
    | undefined,
  {
    dialect = 'mysql',
    tariff = DEFAULT_TARIFF,
    stampedBlockMs = tariff.blockSeconds * 1000,
  }: Setting = {},
) {
  const query = jest
    .fn<(sql: string, parameters?: unknown[]) => Promise<unknown[]>>()
    .mockImplementation((_sql, parameters = []) =>
      Promise.resolve(
        totals === undefined
          ? []
          : [
              {
                block_ms: stampedBlockMs,
                user_name: parameters[0],
                period: '2026-11',
                call_count: totals.callCount,
                total_duration: totals.totalDuration,
                block_count: totals.blockCount,
              },
            ],
      ),
    );
  const stateQuery = jest
    .fn<(sql: string) => Promise<unknown[]>>()
    .mockResolvedValue([{ block_ms: tariff.blockSeconds * 1000 }]);
  const manager = {
    query: stateQuery,
    connection: { options: { type: dialect } },
  };
  const dataSource = { query, manager };
  const moduleRef = await Test.createTestingModule({
    providers: [
      BillingService,
      { provide: DataSource, useValue: dataSource },
      { provide: AppConfigService, useValue: { tariff } },
    ],
  }).compile();
  return { service: moduleRef.get(BillingService), query, stateQuery };
}

describe('BillingService', () => {
  it.each([
    [
      'MySQL (strings)',
      'mysql',
      { callCount: '2', totalDuration: '575001', blockCount: '21' },
    ],
    [
      'SQLite (numbers)',
      'better-sqlite3',
      { callCount: 2, totalDuration: 575_001, blockCount: 21 },
    ],
  ] as const)(
    'turns the totals from %s into the SPEC example bill',
    async (_, dialect, totals) => {
      const { service } = await billingServiceWith(totals, { dialect });

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
    },
  );

  it.each([
    [
      'zeros as strings',
      { callCount: '0', totalDuration: '0', blockCount: '0' },
    ],
    ['zeros as numbers', { callCount: 0, totalDuration: 0, blockCount: 0 }],
  ])('bills a user without calls from %s as zero', async (_, totals) => {
    const { service } = await billingServiceWith(totals);

    await expect(service.billFor('bob')).resolves.toMatchObject({
      userName: 'bob',
      callCount: 0,
      totalDuration: 0,
      blockCount: 0,
      amount: '0.00',
    });
  });

  it.each([
    // Three calls of 2^31 - 1 ms: beyond 32 bits, well within 2^53.
    ['6442450941', 6_442_450_941],
    [6_442_450_941, 6_442_450_941],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
  ])('keeps the total duration %p exact', async (totalDuration, expected) => {
    const { service } = await billingServiceWith({
      callCount: '3',
      totalDuration,
      blockCount: '214749',
    });

    await expect(service.billFor('alice')).resolves.toMatchObject({
      totalDuration: expected,
      blockCount: 214_749,
      amount: '10737.45',
    });
  });

  it.each([
    ['1', '0.05', 2, '0.05'],
    ['20', '0.05', 2, '1.00'],
    ['9007199254740991', '0.05', 2, '450359962737049.55'],
    ['3', '0.125', 3, '0.375'],
    ['7', '0.000001', 6, '0.000007'],
    ['3', '2', 0, '6'],
  ])(
    'prices %s blocks at %s exactly, with %i decimals: %s',
    async (blockCount, pricePerBlock, _, amount) => {
      const { service } = await billingServiceWith(
        { callCount: '1', totalDuration: '1', blockCount },
        { tariff: { ...DEFAULT_TARIFF, pricePerBlock } },
      );

      await expect(service.billFor('alice')).resolves.toMatchObject({
        blockCount: Number(blockCount),
        pricePerBlock,
        amount,
      });
    },
  );

  it('reports the configured tariff', async () => {
    const { service } = await billingServiceWith(
      { callCount: '4', totalDuration: '665002', blockCount: '14' },
      {
        tariff: { blockSeconds: 60, pricePerBlock: '0.125', currency: 'EUR' },
      },
    );

    await expect(service.billFor('alice')).resolves.toStrictEqual({
      userName: 'alice',
      period: null,
      callCount: 4,
      totalDuration: 665_002,
      blockCount: 14,
      blockSeconds: 60,
      pricePerBlock: '0.125',
      amount: '1.750',
      currency: 'EUR',
    });
  });

  it('asks for the one user, and sums every month without a period', async () => {
    const { service, query } = await billingServiceWith({
      callCount: '0',
      totalDuration: '0',
      blockCount: '0',
    });
    query.mockResolvedValueOnce([
      {
        block_ms: 30_000,
        user_name: 'Alice',
        period: '2026-10',
        call_count: '1',
        total_duration: '1',
        block_count: '1',
      },
      {
        block_ms: 30_000,
        user_name: 'Alice',
        period: '2026-11',
        call_count: '2',
        total_duration: '60000',
        block_count: '2',
      },
      {
        block_ms: 30_000,
        user_name: 'alice',
        period: '2026-11',
        call_count: '5',
        total_duration: '5',
        block_count: '5',
      },
    ]);

    await expect(service.billFor('Alice')).resolves.toMatchObject({
      callCount: 3,
      totalDuration: 60_001,
      blockCount: 3,
    });
    expect(query).toHaveBeenCalledWith(expect.any(String), ['Alice']);
  });

  it('picks one month out with a period and names it in the bill', async () => {
    const { service, query } = await billingServiceWith({
      callCount: '1',
      totalDuration: '30001',
      blockCount: '2',
    });
    query.mockResolvedValueOnce([
      {
        block_ms: 30_000,
        user_name: 'alice',
        period: '2026-10',
        call_count: '7',
        total_duration: '7',
        block_count: '7',
      },
      {
        block_ms: 30_000,
        user_name: 'alice',
        period: '2026-11',
        call_count: '1',
        total_duration: '30001',
        block_count: '2',
      },
    ]);

    await expect(service.billFor('alice', '2026-11')).resolves.toMatchObject({
      period: '2026-11',
      callCount: 1,
      amount: '0.10',
    });
  });

  it('reads the bills asked for during a read together, in one statement', async () => {
    const { service, query } = await billingServiceWith({
      callCount: '1',
      totalDuration: '1',
      blockCount: '1',
    });
    // The default answer (a stamped month of whoever is asked for), but only when the test says.
    const answerFirst = query.getMockImplementation();
    let finishFirst: () => void = () => undefined;
    query.mockImplementationOnce(
      (sql, parameters) =>
        new Promise((resolve) => {
          finishFirst = () => resolve(answerFirst?.(sql, parameters) ?? []);
        }),
    );

    const bills = ['a', 'b', 'c', 'd', 'e', 'd'].map((user) =>
      service.billFor(user),
    );
    finishFirst();
    await expect(Promise.all(bills)).resolves.toHaveLength(6);

    // Two reads may be in flight; the rest gather, and a user asked for twice is read once.
    expect(query.mock.calls.map(([, parameters]) => parameters)).toEqual([
      ['a'],
      ['b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('refuses to bill from totals counted with another block length', async () => {
    const { service } = await billingServiceWith(
      { callCount: '1', totalDuration: '1', blockCount: '1' },
      {
        tariff: { ...DEFAULT_TARIFF, blockSeconds: 60 },
        stampedBlockMs: 30_000,
      },
    );

    await expect(service.billFor('alice')).rejects.toThrow(/billing:rebuild/);
  });

  it('stamps a new database on first use, then bills', async () => {
    const { service, query, stateQuery } = await billingServiceWith({
      callCount: '0',
      totalDuration: '0',
      blockCount: '0',
    });
    query.mockResolvedValueOnce([]);

    await expect(service.billFor('alice')).resolves.toMatchObject({
      callCount: 0,
    });
    expect(stateQuery).toHaveBeenCalled();
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('refuses a total beyond what a JSON number holds exactly', async () => {
    const { service } = await billingServiceWith({
      callCount: '1',
      totalDuration: '9007199254740993',
      blockCount: '1',
    });

    await expect(service.billFor('alice')).rejects.toThrow(RangeError);
  });
});
