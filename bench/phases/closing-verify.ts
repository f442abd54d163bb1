// What a close must leave behind (SPEC §8), read back from the database: one invoice per user
// with usage in the period, numbers consecutive with no gap (in user_name byte order), totals
// equal to the usage they invoice and to their lines, and the period's calls untouched by the
// PUTs that went on meanwhile.
import { firstRow, firstRowIn, withConnection } from '../database.js';

export interface Usage {
  users: number;
  calls: number;
  amountMicros: bigint;
}

/** The period's running totals before the close: users, calls, amount. */
export async function usageOf(
  database: string,
  period: string,
): Promise<Usage> {
  const row = await firstRowIn(
    database,
    'SELECT COUNT(DISTINCT user_name) AS users, COALESCE(SUM(call_count), 0) AS calls, ' +
      'COALESCE(SUM(amount_micros), 0) AS amount FROM usage_totals WHERE period = ? AND call_count <> 0',
    [period],
  );
  return {
    users: Number(row.users),
    calls: Number(row.calls),
    amountMicros: BigInt(String(row.amount)),
  };
}

const verdict = (fine: boolean) => (fine ? 'ok' : 'WRONG');

/** The checks' lines, "ok: ..." or "WRONG: ...". */
export async function verifyClose(
  database: string,
  period: string,
  before: Usage,
  summary: { invoice_count?: number; total?: string },
): Promise<string[]> {
  return withConnection(database, async (db) => {
    const all = await firstRow(
      db,
      'SELECT COUNT(*) AS n, MIN(number) AS first, MAX(number) AS last FROM invoices',
    );
    const mine = await firstRow(
      db,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT user_name) AS users, MIN(number) AS first, ' +
        'MAX(number) AS last, COALESCE(SUM(total_micros), 0) AS total, ' +
        'COALESCE(SUM(call_count), 0) AS calls FROM invoices WHERE period = ?',
      [period],
    );
    const lines = await firstRow(
      db,
      'SELECT COALESCE(SUM(l.amount_micros), 0) AS total FROM invoice_lines l ' +
        'JOIN invoices i ON i.number = l.invoice_number WHERE i.period = ?',
      [period],
    );
    // Each number's successor belongs to a user after it in byte order (ascii_bin names).
    const order = await firstRow(
      db,
      'SELECT COUNT(*) AS n FROM invoices a JOIN invoices b ON b.number = a.number + 1 ' +
        'WHERE a.period = ? AND b.period = ? AND b.user_name <= a.user_name',
      [period, period],
    );
    const calls = await firstRow(
      db,
      'SELECT COUNT(*) AS n, COALESCE(SUM(amount_micros), 0) AS amount FROM calls ' +
        'WHERE billing_period = ? AND voided_at IS NULL',
      [period],
    );
    const count = Number(mine.n);
    const first = Number(mine.first);
    const last = Number(mine.last);
    const total = BigInt(String(mine.total));
    const consecutive =
      count === before.users &&
      Number(all.n) === Number(all.last) - Number(all.first) + 1 &&
      Number(all.first) === 1 &&
      last - first + 1 === count;
    return [
      `${verdict(consecutive)}: ${count} invoices for ${period} (${Number(mine.users)} users; ` +
        `${before.users} had usage), numbers ${first}..${last}: consecutive, no gap ` +
        `(all invoices: ${String(all.n)}, ${String(all.first)}..${String(all.last)})`,
      `${verdict(Number(order.n) === 0)}: numbers follow user_name byte order ` +
        `(${String(order.n)} successors out of order)`,
      `${verdict(total === before.amountMicros && BigInt(String(calls.amount)) === total)}: ` +
        `invoice totals ${total} micro-units = usage ${before.amountMicros} = the period's calls ` +
        `${String(calls.amount)}`,
      `${verdict(BigInt(String(lines.total)) === total)}: invoice lines sum to ${String(lines.total)}`,
      `${verdict(Number(mine.calls) === before.calls && Number(calls.n) === before.calls)}: ` +
        `invoices count ${String(mine.calls)} calls, the period holds ${String(calls.n)} ` +
        `(${before.calls} before the close: none of the PUTs during it went there)`,
      `${verdict(summary.invoice_count === count)}: the close answered invoice_count ` +
        `${summary.invoice_count}, total ${summary.total}`,
    ];
  });
}
