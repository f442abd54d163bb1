import { STATUS_CODES } from 'node:http';
import type { Api, Response } from './api.js';
import { utcMonthOf } from './dates.js';
import { decimal } from './oracle/decimal.js';
import { defaultPrice } from './oracle/tariff.js';

/** Any text but blanks. */
export const ANY_TEXT: unknown = expect.stringMatching(/\S/);

/** A problem document's members (RFC 9457), as SPEC §4 writes them. */
export interface Problem {
  type: unknown;
  title: unknown;
  status: unknown;
  detail: unknown;
  errors?: { field: unknown; message: unknown }[];
}

/** The response is a problem document (RFC 9457) of `status`. */
export function expectProblem(response: Response, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(
    /^application\/problem\+json/,
  );
}

/** A 401 problem that asks for a key the SPEC §5 way: `WWW-Authenticate: Bearer…`. */
export function expectUnauthorized(response: Response): void {
  expectProblem(response, 401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
}

/** The answer's status is one of `statuses`; a failure shows its body. */
export function expectStatus(response: Response, ...statuses: number[]): void {
  expect(`${response.statusCode} ${response.body.slice(0, 2000)}`).toMatch(
    new RegExp(`^(${statuses.join('|')}) `),
  );
}

/**
 * SPEC §4's problem of `status`: `about:blank`, the status's reason as its title, and a detail
 * that matches `detail` (any text when not given).
 */
export function problemOf(status: number, detail: RegExp = /\S/): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status],
    status,
    detail: expect.stringMatching(detail) as unknown,
  };
}

/**
 * The response is SPEC §4's problem of `status` and nothing more (no `errors`), its detail
 * matching `detail`.
 */
export function expectExactProblem(
  response: Response,
  status: number,
  detail?: RegExp,
): void {
  expectProblem(response, status);
  expect(response.json()).toEqual(problemOf(status, detail));
}

/**
 * PUTs a call of `user` started at `startedAt`, in a closed period, which must be booked into the
 * open period as late (SPEC §8, LATE_CALL_POLICY=next_period): the call as answered.
 */
export async function recordedLate(
  api: Api,
  user: string,
  callDuration: number,
  startedAt: string,
): Promise<Record<string, unknown>> {
  const response = await api.putCall(user, {
    call_duration: callDuration,
    started_at: startedAt,
  });
  expect(response.statusCode).toBe(201);
  const call = response.json<Record<string, unknown>>();
  expect(call).toMatchObject({
    late: true,
    billing_period: utcMonthOf(Date.now()),
  });
  return call;
}

interface Totals {
  calls: number;
  duration: number;
  blocks: number;
  billedSeconds: number;
  amountMicros: bigint;
}

/**
 * What each of a few users must be billed for all time, counted call by call as a workload
 * records them, then compared with the API's bills: calls without destination, on the default
 * tariff (30-second blocks at 0.05, 2 decimals).
 */
export class ExpectedBills {
  private readonly totals: Map<string, Totals>;

  constructor(users: readonly string[]) {
    this.totals = new Map(
      users.map((user) => [
        user,
        {
          calls: 0,
          duration: 0,
          blocks: 0,
          billedSeconds: 0,
          amountMicros: 0n,
        },
      ]),
    );
  }

  /** Counts one call of `user`'s (of a user not named at the start: none). */
  count(user: string, durationMs: number): void {
    const totals = this.totals.get(user);
    if (totals === undefined) return;
    const priced = defaultPrice(durationMs);
    totals.calls++;
    totals.duration += durationMs;
    totals.blocks += priced.blockCount;
    totals.billedSeconds += priced.billedSeconds;
    totals.amountMicros += priced.amountMicros;
  }

  /** Each user's bill, as the API gives it, holds exactly what was counted. */
  async expectBilled(api: Api): Promise<void> {
    for (const [user, totals] of this.totals) {
      const bill = await api.getBill(encodeURIComponent(user));
      expect(bill.json()).toMatchObject({
        call_count: totals.calls,
        total_duration: totals.duration,
        block_count: totals.blocks,
        billed_seconds: totals.billedSeconds,
        amount: decimal(totals.amountMicros, 2),
      });
    }
  }
}
