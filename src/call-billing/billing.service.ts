import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppConfigService } from '../config/app-config.service.js';
import { amountFor, parsePrice, type Price } from './billing-rule.js';
import { Call } from './call.entity.js';
import { blockCountSql } from './block-count.sql.js';
import type { Period } from './period.js';

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
  callCount: unknown;
  totalDuration: unknown;
  blockCount: unknown;
}

/** Answers what a user owes, from their calls and the configured tariff. */
@Injectable()
export class BillingService {
  private readonly price: Price;

  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    private readonly config: AppConfigService,
  ) {
    this.price = parsePrice(config.tariff.pricePerBlock);
  }

  async billFor(userName: string, period?: Period): Promise<Bill> {
    const { blockSeconds, pricePerBlock, currency } = this.config.tariff;
    const dialect = this.calls.manager.connection.options.type;
    const query = this.calls
      .createQueryBuilder('c')
      .select('COUNT(*)', 'callCount')
      .addSelect('COALESCE(SUM(c.callDuration), 0)', 'totalDuration')
      .addSelect(
        `COALESCE(SUM(${blockCountSql('c.call_duration', blockSeconds * 1000, dialect)}), 0)`,
        'blockCount',
      )
      .where('c.userName = :userName', { userName });
    if (period !== undefined) {
      query.andWhere('c.createdAt >= :start AND c.createdAt < :end', {
        start: period.start,
        end: period.end,
      });
    }
    const totals = (await query.getRawOne<Totals>()) ?? {
      callCount: 0,
      totalDuration: 0,
      blockCount: 0,
    };
    const blockCount = BigInt(String(totals.blockCount));
    return {
      userName,
      period: period?.name ?? null,
      callCount: safeInteger(totals.callCount),
      totalDuration: safeInteger(totals.totalDuration),
      blockCount: safeInteger(blockCount),
      blockSeconds,
      pricePerBlock,
      amount: amountFor(blockCount, this.price),
      currency,
    };
  }
}

/** Database sums arrive as strings (MySQL) or numbers (SQLite); both become exact integers. */
function safeInteger(value: unknown): number {
  const exact = BigInt(String(value));
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `total ${exact} exceeds the exactly representable range`,
    );
  }
  return Number(exact);
}
