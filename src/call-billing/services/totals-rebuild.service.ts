import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { totalsOf, type UsageRow } from '../domain/totals.js';
import type { Call } from '../persistence/call.entity.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import { TotalsRepository } from '../persistence/totals.repository.js';

/** Calls read per step: each step is one short transaction, so live readers are not blocked long. */
export const REBUILD_CHUNK = 10_000;

export type RebuildProgress = (
  countedCalls: number,
  totalCalls: number,
) => void;

/** A stored total that differs from what its calls add up to. */
export interface TotalsDifference {
  readonly stored: UsageRow | null;
  readonly recounted: UsageRow | null;
}

/**
 * `npm run billing:rebuild`: recounts the running totals from the stored calls' own rating
 * results (nothing is priced again), or audits them. A call counts unless it was voided while
 * its period was open; a call voided after its period closed stays on that period's invoice.
 */
@Injectable()
export class TotalsRebuildService {
  constructor(
    private readonly database: Database,
    private readonly calls: CallsRepository,
    private readonly totals: TotalsRepository,
  ) {}

  /** Replaces every running total by the recount. Run it with the writers stopped. */
  async rebuild(
    onProgress: RebuildProgress = () => undefined,
  ): Promise<number> {
    const [total] = await this.database.read(this.calls.count());
    await this.database.transaction((transaction) =>
      transaction.commit(this.totals.clear()),
    );
    let counted = 0;
    for await (const calls of this.everyCall()) {
      await this.database.transaction((transaction) =>
        transaction.commit(...this.totals.add(totalsOf(calls))),
      );
      counted += calls.length;
      onProgress(counted, Math.max(counted, total));
    }
    return counted;
  }

  /**
   * Recounts the totals in memory and lists where the stored ones differ: an audit that writes
   * nothing. Its memory grows with users × periods × rates, not with the calls.
   */
  async audit(
    onProgress: RebuildProgress = () => undefined,
  ): Promise<TotalsDifference[]> {
    const [total] = await this.database.read(this.calls.count());
    const recounted = new Map<string, UsageRow>();
    let counted = 0;
    for await (const calls of this.everyCall()) {
      for (const row of totalsOf(calls)) {
        const key = keyOf(row);
        const sum = recounted.get(key);
        recounted.set(key, sum === undefined ? row : add(sum, row));
      }
      counted += calls.length;
      onProgress(counted, Math.max(counted, total));
    }
    const [stored] = await this.database.read(this.totals.all());
    const differences: TotalsDifference[] = [];
    for (const row of stored) {
      const key = keyOf(row);
      const expected = recounted.get(key);
      recounted.delete(key);
      if (expected === undefined || !sameFigures(expected, row)) {
        differences.push({ stored: row, recounted: expected ?? null });
      }
    }
    for (const missing of recounted.values()) {
      if (missing.callCount !== 0n)
        differences.push({ stored: null, recounted: missing });
    }
    return differences;
  }

  /** Every counted call, a chunk at a time, by ascending id (keyset: each step costs the same). */
  private async *everyCall(): AsyncGenerator<Call[]> {
    let after = '0';
    for (;;) {
      const [calls] = await this.database.read(
        this.calls.countedAfterId(after, REBUILD_CHUNK),
      );
      const last = calls.at(-1);
      if (last === undefined) return;
      yield calls;
      after = last.id;
    }
  }
}

function keyOf(row: UsageRow): string {
  return [
    row.userName,
    row.period,
    row.plan,
    row.version.getTime(),
    row.prefix,
  ].join('\u0000');
}

function add(a: UsageRow, b: UsageRow): UsageRow {
  return {
    ...a,
    amountDecimals: Math.max(a.amountDecimals, b.amountDecimals),
    callCount: a.callCount + b.callCount,
    totalDuration: a.totalDuration + b.totalDuration,
    blockCount: a.blockCount + b.blockCount,
    billedSeconds: a.billedSeconds + b.billedSeconds,
    amountMicros: a.amountMicros + b.amountMicros,
  };
}

function sameFigures(a: UsageRow, b: UsageRow): boolean {
  return (
    a.callCount === b.callCount &&
    a.totalDuration === b.totalDuration &&
    a.blockCount === b.blockCount &&
    a.billedSeconds === b.billedSeconds &&
    a.amountMicros === b.amountMicros
  );
}
