import type { DataSource } from 'typeorm';
import { RequestBatcher, type Settled } from '../services/request-batcher.js';

/** Whose totals a bill needs: one user, all months or one UTC month (`YYYY-MM`). */
export interface TotalsQuestion {
  readonly userName: string;
  readonly period?: string;
}

/** The sums a bill is made of, exact. */
export interface SummedTotals {
  /** The block length the totals were counted with; null before the database is stamped. */
  readonly blockMs: number | null;
  readonly callCount: bigint;
  readonly totalDuration: bigint;
  readonly blockCount: bigint;
}

/** One row of the batch read: the stamp, and one user's month (all null for no month at all). */
interface TotalsReadRow {
  readonly block_ms: unknown;
  readonly user_name: string | null;
  readonly period: string | null;
  readonly call_count: unknown;
  readonly total_duration: unknown;
  readonly block_count: unknown;
}

/** Users one statement asks for. */
const MAX_USERS_PER_READ = 500;

/**
 * Reads running totals for bills. Bills asked for while earlier reads are in flight go together
 * in one statement: under load that is one round trip for dozens of bills instead of one each.
 * Every read still starts after its request arrived, so a bill counts every call acknowledged
 * before it was asked for.
 */
export class TotalsReader {
  private readonly batcher: RequestBatcher<TotalsQuestion, SummedTotals>;

  constructor(
    private readonly dataSource: DataSource,
    maxInFlight: number,
  ) {
    this.batcher = new RequestBatcher(
      (questions) => this.readBatch(questions),
      {
        maxBatchSize: MAX_USERS_PER_READ,
        maxInFlight,
      },
    );
  }

  read(question: TotalsQuestion): Promise<SummedTotals> {
    return this.batcher.submit(question);
  }

  private async readBatch(
    questions: readonly TotalsQuestion[],
  ): Promise<Settled<SummedTotals>[]> {
    const users = [...new Set(questions.map(({ userName }) => userName))];
    // One statement, so the stamp and the totals come from one snapshot. Every month of each user
    // is read (a few rows a year) and a period is picked out here, so that one statement serves
    // bills with and without a period alike.
    const rows = await this.dataSource.query<TotalsReadRow[]>(
      'SELECT s.block_ms, t.user_name, t.period, t.call_count, t.total_duration, t.block_count ' +
        'FROM billing_state s LEFT JOIN billing_totals t ' +
        `ON t.user_name IN (${users.map(() => '?').join(', ')}) WHERE s.id = 1`,
      users,
    );
    // No rows at all: the state row is missing, the database is not stamped yet.
    const blockMs = rows[0] === undefined ? null : Number(rows[0].block_ms);
    const monthsByUser = new Map<string, TotalsReadRow[]>();
    for (const row of rows) {
      if (row.user_name === null) continue;
      const months = monthsByUser.get(row.user_name);
      if (months === undefined) monthsByUser.set(row.user_name, [row]);
      else months.push(row);
    }
    // Under load many bills of a batch ask the same question: each is summed once.
    const sums = new Map<string, Settled<SummedTotals>>();
    return questions.map(({ userName, period }) => {
      const question = `${userName}\u0000${period ?? ''}`;
      let sum = sums.get(question);
      if (sum === undefined) {
        sum = settle(() => ({
          blockMs,
          ...sumMonths(monthsByUser.get(userName) ?? [], period),
        }));
        sums.set(question, sum);
      }
      return sum;
    });
  }
}

/**
 * Adds up one user's months (or the one asked for). Sums arrive as strings (MySQL's bigint) or
 * numbers (SQLite); both are added as exact integers.
 */
function sumMonths(
  months: readonly TotalsReadRow[],
  period: string | undefined,
): Omit<SummedTotals, 'blockMs'> {
  let callCount = 0n;
  let totalDuration = 0n;
  let blockCount = 0n;
  for (const month of months) {
    if (period !== undefined && month.period !== period) continue;
    callCount += toBigInt(month.call_count);
    totalDuration += toBigInt(month.total_duration);
    blockCount += toBigInt(month.block_count);
  }
  return { callCount, totalDuration, blockCount };
}

/** A stored sum that is not an integer fails its own bill, not its batch's. */
function settle<O>(compute: () => O): Settled<O> {
  try {
    return { value: compute() };
  } catch (error) {
    return { error };
  }
}

function toBigInt(value: unknown): bigint {
  return BigInt(value as string | number | bigint);
}
