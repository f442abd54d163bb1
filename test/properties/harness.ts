/**
 * Runs generated requests against the real app (`useTestApp`) and a real database, through
 * `app.inject`. Every answer, to a valid, near-valid or garbage request, must hold these
 * invariants:
 *  - the answer is never a 5xx;
 *  - every non-2xx answer is `application/problem+json` with `type`, `title`, `status` (equal to
 *    the HTTP status) and `detail`;
 *  - a rejected request stores nothing: the rows in `calls` and the sums of `usage_totals` are
 *    exactly what the test's own ledger says they were before it;
 *  - an accepted call is answered as rated by the default tariff and moves its user's bill, for
 *    all time and for the UTC month it started in, by exactly the rule (count + 1, duration + d,
 *    blocks + ceil(d / 30 000), billed seconds = blocks × 30, amount = blocks × 0.05, one usage
 *    line), computed by the oracle with BigInt, never with the service's own rating code; a
 *    replay with the same Idempotency-Key moves nothing;
 *  - an accepted batch moves each user's bill by exactly the sum of its new items.
 *
 * The harness keeps the ledger (oracle.ts) and checks the database against it after every
 * generated case, so tables are cleared once per property, not per case. Where the SPEC decides
 * whether a request is valid, the steps (steps.ts) predict the outcome and hold the service to
 * it; where the SPEC is silent (a charset parameter, a cursor the service never issued), either
 * outcome is allowed but the invariants above still hold.
 */
import { STATUS_CODES } from 'node:http';
import type { LightMyRequestResponse } from 'fastify';
import {
  useTestApp,
  type Env,
  type TestAppHandle,
} from '../support/test-app.js';
import { amountMicrosOf, billedSecondsOf, billJson, Ledger } from './ledger.js';
import { isPlainObject, parseJson } from './oracle.js';
import { digitsOf } from './call-fields.js';

type Response = LightMyRequestResponse;
export interface Request {
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly payload?: string | object;
}

export const is2xx = (status: number): boolean => status >= 200 && status < 300;

export function describeExchange(request: Request, response: Response): string {
  return (
    `${request.method} ${request.url} ${JSON.stringify(request.headers ?? {})} ` +
    `${JSON.stringify(request.payload ?? null)}\n → ${response.statusCode} ` +
    `${String(response.headers['content-type'])} ${response.body.slice(0, 500)}`
  );
}

export class Harness {
  ledger = new Ledger();
  /** How the generated cases were answered, for FC_STATS. */
  readonly outcomes = new Map<string, number>();

  constructor(readonly t: TestAppHandle) {}

  /** Empties the ledger, as the tables are emptied before each test. */
  reset(): void {
    this.ledger = new Ledger();
    this.outcomes.clear();
  }

  /**
   * After a failed case the ledger may have missed what the service did: rebuild it from the
   * database, so that fast-check's shrinking runs start from the truth again. What the keyed
   * calls were sent as is lost: a retry that is not plainly another call may then be either.
   */
  async resync(): Promise<void> {
    const rows: unknown = await this.t.dataSource.query(
      'SELECT user_name, call_duration, idempotency_key, created_at, started_at, ' +
        'destination, billing_period FROM calls',
    );
    const ledger = new Ledger();
    for (const row of rows as Record<string, unknown>[]) {
      const user = String(row.user_name);
      const duration = Number(row.call_duration);
      ledger.add(user, duration, String(row.billing_period));
      if (typeof row.idempotency_key === 'string') {
        const created = point(instantOf(row.created_at));
        ledger.remember(user, row.idempotency_key, {
          sent: undefined,
          duration,
          digits: digitsOf((row.destination as string | null) ?? null),
          recorded: created,
          started: point(instantOf(row.started_at)),
        });
      }
    }
    this.ledger = ledger;
  }

  /** Runs one generated case; on failure resyncs the ledger before fast-check's next run. */
  async step(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      await this.resync();
      throw error;
    }
  }

  /** Sends a request and checks what every answer must be: no 5xx, problem+json on errors. */
  async send(request: Request): Promise<Response> {
    const response = await this.t.inject(request);
    const fail = (what: string): never => {
      throw new Error(`${what}:\n${describeExchange(request, response)}`);
    };
    if (response.statusCode >= 500) fail('a 5xx answer');
    if (is2xx(response.statusCode)) return response;
    if (
      !/^application\/problem\+json\b/.test(
        String(response.headers['content-type']),
      )
    )
      fail('an error that is not application/problem+json');
    const problem = parseJson(response.body)?.value;
    if (
      !isPlainObject(problem) ||
      typeof problem.type !== 'string' ||
      problem.type === '' ||
      problem.title !== STATUS_CODES[response.statusCode] ||
      problem.status !== response.statusCode ||
      typeof problem.detail !== 'string' ||
      problem.detail.trim() === ''
    )
      fail('a malformed problem document');
    return response;
  }

  /** The database holds exactly the ledger's calls and totals. */
  async expectStored(context: string): Promise<void> {
    const [row] = await this.t.dataSource.query<Record<string, unknown>[]>(
      `SELECT (SELECT COUNT(*) FROM calls) AS call_rows,
              (SELECT COALESCE(SUM(call_count), 0) FROM usage_totals) AS call_count,
              (SELECT COALESCE(SUM(total_duration), 0) FROM usage_totals) AS total_duration,
              (SELECT COALESCE(SUM(block_count), 0) FROM usage_totals) AS block_count,
              (SELECT COALESCE(SUM(billed_seconds), 0) FROM usage_totals) AS billed_seconds,
              (SELECT COALESCE(SUM(amount_micros), 0) FROM usage_totals) AS amount_micros`,
    );
    const big = (value: unknown): bigint => BigInt(String(value));
    const stored = {
      rows: big(row?.call_rows),
      calls: big(row?.call_count),
      duration: big(row?.total_duration),
      blocks: big(row?.block_count),
      billedSeconds: big(row?.billed_seconds),
      amountMicros: big(row?.amount_micros),
    };
    const total = this.ledger.total();
    const want = {
      rows: total.calls,
      ...total,
      billedSeconds: billedSecondsOf(total.blocks),
      amountMicros: amountMicrosOf(total.blocks),
    };
    if (
      stored.rows !== want.rows ||
      stored.calls !== want.calls ||
      stored.duration !== want.duration ||
      stored.blocks !== want.blocks ||
      stored.billedSeconds !== want.billedSeconds ||
      stored.amountMicros !== want.amountMicros
    ) {
      const show = (bill: object) =>
        JSON.stringify(bill, (_, v: unknown) =>
          typeof v === 'bigint' ? v.toString() : v,
        );
      throw new Error(
        `${context}: the database holds ${show(stored)}, expected ${show(want)}`,
      );
    }
  }

  /** The API's bill of `user` is exactly the ledger's, to the cent. */
  async expectBill(user: string, period?: string): Promise<void> {
    // No URL can name `.` or `..` (dot segments); the totals are checked all the same.
    if (user === '.' || user === '..') return;
    const query = period === undefined ? '' : `?period=${period}`;
    const response = await this.send({
      method: 'GET',
      url: `/mobile/${encodeURIComponent(user)}/billing${query}`,
    });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(
      billJson(user, period ?? null, this.ledger.bill(user, period)),
    );
  }

  /** Counts one generated case's answer. */
  tally(request: Request, response: Response): void {
    const label = `${request.method} ${request.url.split(/[?]/)[0]?.replace(/^\/mobile\/[^/]*/, '/mobile/{user}')} ${response.statusCode}`;
    this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1);
  }

  printOutcomes(property: string): void {
    if (process.env.FC_STATS === undefined) return;
    const counts = [...this.outcomes].sort(([a], [b]) => (a < b ? -1 : 1));
    console.log(
      `${property}:\n${counts.map(([label, n]) => `  ${label}: ${n}`).join('\n')}`,
    );
  }
}

const point = (ms: number) => ({ from: ms, to: ms });

/** A DATETIME as the driver hands it over: a Date, or SQLite's UTC text without the zone. */
function instantOf(value: unknown): number {
  return typeof value === 'string' && !value.endsWith('Z')
    ? Date.parse(`${value.replace(' ', 'T')}Z`)
    : new Date(value as Date | string).getTime();
}

/**
 * The suite's app, as `useTestApp` starts it, and a harness on it whose ledger is emptied with
 * the tables before each test.
 */
export function useHarness(env: Env = {}): Harness {
  // The oracle keeps every period open (SPEC §8): calls started months ago are never late.
  const harness = new Harness(
    useTestApp({ BILLING_AUTO_CLOSE: 'false', ...env }),
  );
  beforeEach(() => harness.reset());
  return harness;
}

/** A JSON body the SPEC refuses: 400, and nothing stored. */
export async function expectRefused(
  h: Harness,
  method: 'PUT' | 'POST',
  url: string,
  payload: string,
): Promise<void> {
  const response = await h.send({
    method,
    url,
    headers: { 'content-type': 'application/json' },
    payload,
  });

  expect(response.statusCode).toBe(400);
  await h.expectStored('after the request');
}
