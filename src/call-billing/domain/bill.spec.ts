import { sumBill, type CreditLine } from './bill.js';
import type { UsageRow } from './totals.js';

function usage(
  period: string,
  plan: string,
  prefix: string,
  amountMicros: bigint,
  amountDecimals = 2,
): UsageRow {
  return {
    userName: 'alice',
    period,
    plan,
    version: new Date(0),
    prefix,
    amountDecimals,
    callCount: 1n,
    totalDuration: 1_000n,
    blockCount: 1n,
    billedSeconds: 30n,
    amountMicros,
  };
}

const CREDIT: CreditLine = {
  kind: 'credit',
  callId: '7',
  invoiceNumber: 'INV-000001',
  reason: 'test call',
  amountMicros: -50_000n,
  amountDecimals: 2,
};

describe('sumBill', () => {
  it('adds the periods of one rate into one line, lines by plan and prefix, credits last', () => {
    const bill = sumBill(
      [
        usage('2026-11', 'default', '49', 100_000n),
        usage('2026-10', 'default', '', 50_000n),
        usage('2026-11', 'default', '', 50_000n),
        usage('2026-11', 'business', '', 1_234n, 4),
      ],
      [CREDIT],
      2,
    );

    expect(
      bill.lines.map((line) =>
        line.kind === 'usage' ? `${line.plan}/${line.prefix}` : 'credit',
      ),
    ).toEqual(['business/', 'default/', 'default/49', 'credit']);
    expect(bill.lines[1]).toMatchObject({
      callCount: 2n,
      amountMicros: 100_000n,
    });
    expect(bill).toMatchObject({
      callCount: 4n,
      totalDuration: 4_000n,
      blockCount: 4n,
      billedSeconds: 120n,
      // 0.001234 + 0.10 + 0.10 - 0.05, written with the largest decimals among the lines (4).
      amountMicros: 151_234n,
      amountDecimals: 4,
    });
  });

  it('answers zeros with the fallback decimals and no lines when there is nothing', () => {
    expect(sumBill([], [], 3)).toEqual({
      callCount: 0n,
      totalDuration: 0n,
      blockCount: 0n,
      billedSeconds: 0n,
      amountMicros: 0n,
      amountDecimals: 3,
      lines: [],
    });
  });

  it('leaves out a rate whose every call was voided', () => {
    const voided = { ...usage('2026-11', 'default', '', 0n), callCount: 0n };
    expect(sumBill([voided], [], 2).lines).toEqual([]);
  });
});
