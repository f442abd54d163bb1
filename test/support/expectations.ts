import type { Api, Response } from './api.js';

/** The response is a problem document (RFC 9457) of `status`. */
export function expectProblem(response: Response, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(
    /^application\/problem\+json/,
  );
}

interface Totals {
  calls: number;
  duration: number;
  blocks: number;
}

/**
 * What each of a few users must be billed for all time, counted call by call as a workload
 * records them, then compared with the API's bills: calls without destination, on the default
 * tariff (30-second blocks at 0.05, 2 decimals).
 */
export class ExpectedBills {
  private readonly totals: Map<string, Totals>;
  private readonly blockMs = 30_000;

  constructor(users: readonly string[]) {
    this.totals = new Map(
      users.map((user) => [user, { calls: 0, duration: 0, blocks: 0 }]),
    );
  }

  /** Counts one call of `user`'s (of a user not named at the start: none). */
  count(user: string, durationMs: number): void {
    const totals = this.totals.get(user);
    if (totals === undefined) return;
    totals.calls++;
    totals.duration += durationMs;
    totals.blocks += Math.ceil(durationMs / this.blockMs);
  }

  /** Each user's bill, as the API gives it, holds exactly what was counted. */
  async expectBilled(api: Api): Promise<void> {
    for (const [user, totals] of this.totals) {
      const bill = await api.getBill(encodeURIComponent(user));
      // 0.05 a block: 5 cents, written with 2 decimals.
      const cents = String(totals.blocks * 5).padStart(3, '0');
      expect(bill.json()).toMatchObject({
        call_count: totals.calls,
        total_duration: totals.duration,
        block_count: totals.blocks,
        billed_seconds: totals.blocks * 30,
        amount: `${cents.slice(0, -2)}.${cents.slice(-2)}`,
      });
    }
  }
}
