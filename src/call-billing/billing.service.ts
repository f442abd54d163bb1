import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../config/app-config.service.js';
import { amountFor, parsePrice, type Price } from './billing-rule.js';
import { assertSameBlocks, assertTotalsCurrent } from './billing-state.js';

export interface Bill {
  readonly userName: string;
  readonly period: string | null;
  readonly callCount: number;
  readonly totalDuration: number;
  readonly blockCount: number;
  readonly blockSeconds: number;
  readonly pricePerBlock: string;
  readonly amount: string;
  readonly currency: string;
}

interface Totals {
  /** The block length the totals were counted with; null before the database is stamped. */
  block_ms: unknown;
  call_count: unknown;
  total_duration: unknown;
  block_count: unknown;
}

/**
 * Answers what a user owes from their running totals: one row per month with calls, so a bill
 * costs the same for a user with ten calls and for one with ten million.
 */
@Injectable()
export class BillingService {
  private readonly price: Price;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
  ) {
    this.price = parsePrice(config.tariff.pricePerBlock);
  }

  /** `period` is a UTC month as `YYYY-MM`; without it, every month. */
  async billFor(userName: string, period?: string): Promise<Bill> {
    const { blockSeconds, pricePerBlock, currency } = this.config.tariff;
    const blockMs = blockSeconds * 1000;
    let totals = await this.readTotals(userName, period);
    if (totals.block_ms === null) {
      // A new database is stamped on first use (or refused if it holds uncounted calls).
      await assertTotalsCurrent(this.dataSource.manager, blockMs, {
        forWrite: false,
      });
      totals = await this.readTotals(userName, period);
    }
    assertSameBlocks(Number(totals.block_ms), blockMs);
    const blockCount = BigInt(totals.block_count as string | number);
    return {
      userName,
      period: period ?? null,
      callCount: safeInteger(totals.call_count),
      totalDuration: safeInteger(totals.total_duration),
      blockCount: safeInteger(blockCount),
      blockSeconds,
      pricePerBlock,
      amount: amountFor(blockCount, this.price),
      currency,
    };
  }

  /** The user's totals and the stamp they were counted with, in one statement (one snapshot). */
  private async readTotals(
    userName: string,
    period: string | undefined,
  ): Promise<Totals> {
    const [totals] = await this.dataSource.query<Totals[]>(
      'SELECT (SELECT block_ms FROM billing_state WHERE id = 1) AS block_ms, ' +
        'COALESCE(SUM(call_count), 0) AS call_count, ' +
        'COALESCE(SUM(total_duration), 0) AS total_duration, ' +
        'COALESCE(SUM(block_count), 0) AS block_count ' +
        `FROM billing_totals WHERE user_name = ?${period === undefined ? '' : ' AND period = ?'}`,
      period === undefined ? [userName] : [userName, period],
    );
    return (
      totals ?? {
        block_ms: null,
        call_count: 0,
        total_duration: 0,
        block_count: 0,
      }
    );
  }
}

/** Database sums arrive as strings (MySQL) or numbers (SQLite); both become exact integers. */
function safeInteger(value: unknown): number {
  const exact = BigInt(value as string | number | bigint);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `total ${exact} exceeds the exactly representable range`,
    );
  }
  return Number(exact);
}
