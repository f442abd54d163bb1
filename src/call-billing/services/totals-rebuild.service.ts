import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { Database } from '../../platform/database/database.js';
import { totalsOf, type TotalsRow } from '../domain/totals.js';
import { BillingStateRepository } from '../persistence/billing-state.repository.js';
import type { Call } from '../persistence/call.entity.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import { TotalsRepository } from '../persistence/totals.repository.js';

/** Calls read per step: each step is one short transaction, so live readers are not blocked long. */
export const REBUILD_CHUNK = 10_000;

export type RebuildProgress = (
  countedCalls: number,
  totalCalls: number,
) => void;

type Counts = Pick<TotalsRow, 'callCount' | 'totalDuration' | 'blockCount'>;

/** A stored total that differs from what its calls add up to. */
export interface TotalsDifference {
  readonly userName: string;
  readonly period: string;
  readonly stored: Counts | null;
  readonly recounted: Counts | null;
}

/** `npm run billing:rebuild`: recounts the running totals from the calls, or audits them. */
@Injectable()
export class TotalsRebuildService {
  readonly blockMs: number;

  constructor(
    private readonly database: Database,
    private readonly calls: CallsRepository,
    private readonly totals: TotalsRepository,
    private readonly state: BillingStateRepository,
    config: AppConfigService,
  ) {
    this.blockMs = config.tariff.blockSeconds * 1000;
  }

  /**
   * Recounts every running total with the configured block length. The billing state goes
   * first: writers and bills then answer 503 instead of counting on totals that are being
   * replaced. Run it with the writers stopped; it ends by stamping the state anew.
   */
  async rebuild(
    onProgress: RebuildProgress = () => undefined,
  ): Promise<number> {
    const [total] = await this.database.read(this.calls.count());
    await this.database.transaction((transaction) =>
      transaction.commit(this.state.clear(), this.totals.clear()),
    );
    let counted = 0;
    for await (const calls of this.everyCall()) {
      await this.database.transaction((transaction) =>
        transaction.commit(...this.totals.add(totalsOf(calls, this.blockMs))),
      );
      counted += calls.length;
      onProgress(counted, Math.max(counted, total));
    }
    await this.database.transaction((transaction) =>
      transaction.commit(this.state.stamp(this.blockMs)),
    );
    return counted;
  }

  /**
   * Recounts the totals from the calls in memory and lists where the stored ones differ: an
   * audit that writes nothing. Its memory grows with users × months, not with the calls.
   */
  async audit(
    onProgress: RebuildProgress = () => undefined,
  ): Promise<TotalsDifference[]> {
    const [total] = await this.database.read(this.calls.count());
    const recounted = new Map<string, TotalsRow>();
    let counted = 0;
    for await (const calls of this.everyCall()) {
      for (const row of totalsOf(calls, this.blockMs)) {
        const key = `${row.userName}\u0000${row.period}`;
        const sum = recounted.get(key);
        recounted.set(key, sum === undefined ? row : add(sum, row));
      }
      counted += calls.length;
      onProgress(counted, Math.max(counted, total));
    }
    const [stored] = await this.database.read(this.totals.all());
    const differences: TotalsDifference[] = [];
    for (const row of stored) {
      const key = `${row.userName}\u0000${row.period}`;
      const own = {
        callCount: Number(row.callCount),
        totalDuration: Number(row.totalDuration),
        blockCount: Number(row.blockCount),
      };
      const expected = recounted.get(key);
      recounted.delete(key);
      if (expected === undefined || !sameCounts(expected, own)) {
        differences.push({
          userName: row.userName,
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

  /** Every call, a chunk at a time, by ascending id (keyset, so each step costs the same). */
  private async *everyCall(): AsyncGenerator<Call[]> {
    let after = '0';
    for (;;) {
      const [calls] = await this.database.read(
        this.calls.afterId(after, REBUILD_CHUNK),
      );
      const last = calls.at(-1);
      if (last === undefined) return;
      yield calls;
      after = last.id;
    }
  }
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

function counts({ callCount, totalDuration, blockCount }: Counts): Counts {
  return { callCount, totalDuration, blockCount };
}

function sameCounts(a: Counts, b: Counts): boolean {
  return (
    a.callCount === b.callCount &&
    a.totalDuration === b.totalDuration &&
    a.blockCount === b.blockCount
  );
}
