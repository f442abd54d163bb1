import type { DataSource, EntityManager } from 'typeorm';
import {
  addToTotals,
  totalsOf,
  type TotalsRow,
} from '../persistence/billing-totals.js';
import { Call } from '../persistence/call.entity.js';

/** Calls read per step: each step is one short transaction, so live readers are not blocked long. */
export const REBUILD_CHUNK = 10_000;

export type RebuildProgress = (
  countedCalls: number,
  totalCalls: number,
) => void;

/**
 * Recounts every running total from `calls` with `blockMs`-long blocks (after the block length
 * changed, or when an audit found a difference). First the billing state is deleted: writers and
 * bills then answer 503 instead of counting on totals that are being replaced. Run it with the
 * writers stopped, as the README says; it ends by stamping the state with the new block length.
 */
export async function rebuildTotals(
  dataSource: DataSource,
  blockMs: number,
  onProgress: RebuildProgress = () => undefined,
): Promise<number> {
  const totalCalls = await countCalls(dataSource.manager);
  await dataSource.transaction(async (manager) => {
    await manager.query('DELETE FROM billing_state');
    await manager.query('DELETE FROM billing_totals');
  });
  let counted = 0;
  for await (const calls of callsInIdOrder(dataSource.manager)) {
    await dataSource.transaction((manager) =>
      addToTotals(manager, totalsOf(calls, blockMs)),
    );
    counted += calls.length;
    onProgress(counted, Math.max(counted, totalCalls));
  }
  await dataSource.query(
    'INSERT INTO billing_state (id, block_ms) VALUES (1, ?)',
    [blockMs],
  );
  return counted;
}

/** A stored total that differs from what its calls add up to. */
export interface TotalsDifference {
  readonly userName: string;
  readonly period: string;
  readonly stored: Omit<TotalsRow, 'userName' | 'period'> | null;
  readonly recounted: Omit<TotalsRow, 'userName' | 'period'> | null;
}

/**
 * Recounts the totals from `calls` in memory and lists where the stored ones differ: an audit that
 * writes nothing. Its memory grows with the number of users × months, not with the calls.
 */
export async function auditTotals(
  dataSource: DataSource,
  blockMs: number,
  onProgress: RebuildProgress = () => undefined,
): Promise<TotalsDifference[]> {
  const totalCalls = await countCalls(dataSource.manager);
  const recounted = new Map<string, TotalsRow>();
  let counted = 0;
  for await (const calls of callsInIdOrder(dataSource.manager)) {
    for (const row of totalsOf(calls, blockMs)) {
      const key = `${row.userName}\u0000${row.period}`;
      const sum = recounted.get(key);
      recounted.set(key, sum === undefined ? row : add(sum, row));
    }
    counted += calls.length;
    onProgress(counted, Math.max(counted, totalCalls));
  }

  const stored = await dataSource.query<
    {
      user_name: string;
      period: string;
      call_count: unknown;
      total_duration: unknown;
      block_count: unknown;
    }[]
  >(
    'SELECT user_name, period, call_count, total_duration, block_count FROM billing_totals',
  );
  const differences: TotalsDifference[] = [];
  for (const row of stored) {
    const key = `${row.user_name}\u0000${row.period}`;
    const own = {
      callCount: Number(row.call_count),
      totalDuration: Number(row.total_duration),
      blockCount: Number(row.block_count),
    };
    const expected = recounted.get(key);
    recounted.delete(key);
    if (
      expected === undefined ||
      expected.callCount !== own.callCount ||
      expected.totalDuration !== own.totalDuration ||
      expected.blockCount !== own.blockCount
    ) {
      differences.push({
        userName: row.user_name,
        period: row.period,
        stored: own,
        recounted: expected === undefined ? null : counts(expected),
      });
    }
  }
  for (const missing of recounted.values()) {
    differences.push({
      userName: missing.userName,
      period: missing.period,
      stored: null,
      recounted: counts(missing),
    });
  }
  return differences;
}

function add(a: TotalsRow, b: TotalsRow): TotalsRow {
  return {
    userName: a.userName,
    period: a.period,
    callCount: a.callCount + b.callCount,
    totalDuration: a.totalDuration + b.totalDuration,
    blockCount: a.blockCount + b.blockCount,
  };
}

function counts({ callCount, totalDuration, blockCount }: TotalsRow) {
  return { callCount, totalDuration, blockCount };
}

async function countCalls(manager: EntityManager): Promise<number> {
  const [row] = await manager.query<{ n: unknown }[]>(
    'SELECT COUNT(*) AS n FROM calls',
  );
  return Number(row?.n ?? 0);
}

/** Every call, a chunk at a time, by ascending id (keyset, so each step costs the same). */
async function* callsInIdOrder(manager: EntityManager): AsyncGenerator<Call[]> {
  let after = '0';
  for (;;) {
    const calls = await manager
      .getRepository(Call)
      .createQueryBuilder('c')
      .where('c.id > :after', { after })
      .orderBy('c.id', 'ASC')
      .limit(REBUILD_CHUNK)
      .getMany();
    if (calls.length === 0) return;
    yield calls;
    after = String(calls.at(-1)?.id);
  }
}
