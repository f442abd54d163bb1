/**
 * The admin API as typed calls, for the rating suites (SPEC §7: plans, versions, assignments,
 * rate lookups) and the invoicing ones (SPEC §8: periods and their invoices), with an admin key
 * on every request or none.
 */
import {
  queryText,
  seedCalls,
  type Api,
  type Headers,
  type Query,
  type Response,
  type SeedCall,
} from './api.js';
import { iso } from './dates.js';
import type { Rounding } from './oracle/tariff.js';
import { expectStatus } from './expectations.js';
import { cursorSuffix, everyItem, type Page } from './pages.js';

/** An instant in ms since the epoch, or as it is to be sent. */
export type Instant = number | string;

/** A period as `GET /admin/periods` and a close answer it. */
export interface Summary {
  readonly period: string;
  readonly status: 'open' | 'closed';
  readonly closed_at: string | null;
  readonly invoice_count: number | null;
  readonly total: string | null;
}

/** An invoice as a period's JSON pages list it. */
export interface ListedInvoice {
  readonly number: string;
  readonly user_name: string;
  readonly period: string;
  readonly call_count: number;
  readonly total_duration: number;
  readonly block_count: number;
  readonly billed_seconds: number;
  readonly total: string;
}

/** A version as the admin API answers its upload: the rounding is half_up unless said. */
export function versionJson(
  plan: string,
  effectiveFrom: string,
  amountDecimals: number,
  rateCount: number,
  rounding: Rounding = 'half_up',
) {
  return {
    plan,
    effective_from: effectiveFrom,
    amount_decimals: amountDecimals,
    rounding,
    rate_count: rateCount,
  };
}

/** A rate of prefix "" with every default of SPEC §7, as the admin API lists it. */
export function defaultRate(price: string): Record<string, unknown> {
  return {
    prefix: '',
    first_block_seconds: 60,
    increment_seconds: 60,
    price,
    price_unit_seconds: 60,
    connect_fee: '0',
    no_charge_seconds: 0,
  };
}

/** An instant as a path segment: a number as the API writes it, a string as sent. */
const segment = (at: Instant): string =>
  typeof at === 'number' ? iso(at) : encodeURIComponent(at);

const versionUrl = (plan: string, at: Instant): string =>
  `/admin/plans/${plan}/versions/${segment(at)}`;

export class AdminApi {
  /** `headers` go with every request: an admin key, say. */
  constructor(
    private readonly api: Pick<Api, 'inject'>,
    private readonly headers: Headers = {},
  ) {}

  /** `PUT /admin/plans/{plan}/versions/{at}`: a JSON body, or a CSV text. */
  putVersion(
    plan: string,
    at: Instant,
    body: object | string,
    query: Query = '',
    headers: Headers = {},
  ): Promise<Response> {
    return this.api.inject({
      method: 'PUT',
      url: `${versionUrl(plan, at)}${queryText(query)}`,
      headers: {
        'content-type':
          typeof body === 'string' ? 'text/csv' : 'application/json',
        ...this.headers,
        ...headers,
      },
      payload: body,
    });
  }

  /** Stores a version that must be accepted (created, or replaced). */
  async defineVersion(
    plan: string,
    at: Instant,
    body: object | string,
    query: Query = '',
  ): Promise<Response> {
    const response = await this.putVersion(plan, at, body, query);
    expectStatus(response, 201, 200);
    return response;
  }

  getVersion(plan: string, at: Instant, query: Query = ''): Promise<Response> {
    return this.send('GET', versionUrl(plan, at), query);
  }

  deleteVersion(plan: string, at: Instant): Promise<Response> {
    return this.send('DELETE', versionUrl(plan, at));
  }

  listPlans(query: Query = ''): Promise<Response> {
    return this.send('GET', '/admin/plans', query);
  }

  /** `PUT /admin/users/{user}/plan` with `body` as it is. */
  putAssignment(
    user: string,
    body: object,
    query: Query = '',
  ): Promise<Response> {
    return this.api.inject({
      method: 'PUT',
      url: `/admin/users/${user}/plan${queryText(query)}`,
      headers: { 'content-type': 'application/json', ...this.headers },
      payload: body,
    });
  }

  /** Puts `user` on `plan` from `effectiveFrom` (from now when not given). */
  assign(
    user: string,
    plan: string,
    effectiveFrom?: number,
    query: Query = '',
  ): Promise<Response> {
    const from =
      effectiveFrom === undefined ? {} : { effective_from: iso(effectiveFrom) };
    return this.putAssignment(user, { plan, ...from }, query);
  }

  /** Assigns a plan that must be accepted. */
  async assignPlan(
    user: string,
    plan: string,
    effectiveFrom?: number,
    query: Query = '',
  ): Promise<Response> {
    const response = await this.assign(user, plan, effectiveFrom, query);
    expectStatus(response, 200);
    return response;
  }

  assignments(user: string): Promise<Response> {
    return this.send('GET', `/admin/users/${user}/plan`);
  }

  /** `GET /mobile/{user}/rate`. */
  rate(user: string, query: Query = ''): Promise<Response> {
    return this.send('GET', `/mobile/${user}/rate`, query);
  }

  /** `GET /admin/periods`. */
  periods(query: Query = ''): Promise<Response> {
    return this.send('GET', '/admin/periods', query);
  }

  /** `POST /admin/periods/{period}/close`. */
  closePeriod(period: string): Promise<Response> {
    return this.api.inject({
      method: 'POST',
      url: `/admin/periods/${period}/close`,
      headers: this.headers,
    });
  }

  /** Closes `period` and answers its summary, failing unless the answer is 200. */
  async closed(period: string): Promise<Summary> {
    const response = await this.closePeriod(period);
    expectStatus(response, 200);
    return response.json<Summary>();
  }

  /** `GET /admin/periods/{period}/invoices`, as JSON pages or, asked so, CSV. */
  invoices(
    period: string,
    query: Query = '',
    headers: Headers = {},
  ): Promise<Response> {
    return this.api.inject({
      method: 'GET',
      url: `/admin/periods/${period}/invoices${queryText(query)}`,
      headers: { ...this.headers, ...headers },
    });
  }

  /** Every invoice of `period`, walking the JSON pages `limit` at a time. */
  invoicesOf(period: string, limit = 1000): Promise<ListedInvoice[]> {
    return everyItem(async (cursor) => {
      const response = await this.invoices(
        period,
        `limit=${limit}${cursorSuffix(cursor)}`,
      );
      expectStatus(response, 200);
      return response.json<Page<ListedInvoice>>();
    });
  }

  private send(
    method: 'GET' | 'DELETE',
    url: string,
    query: Query = '',
  ): Promise<Response> {
    return this.api.inject({
      method,
      url: `${url}${queryText(query)}`,
      headers: this.headers,
    });
  }
}

/**
 * Records `calls` through `api` (the client's endpoints), then closes `period` through `admin`:
 * the period's summary.
 */
export async function closedWith(
  api: Api,
  admin: AdminApi,
  period: string,
  calls: readonly SeedCall[],
): Promise<Summary> {
  await seedCalls(api, calls);
  return admin.closed(period);
}

/**
 * Calls for the suites that close periods: SPEC §3.2's two example calls as alice's of August
 * 2026 (her bill: 1.05), a call of bob's that month, and one of alice's in September.
 */
export const EXAMPLE_CALLS: readonly SeedCall[] = [
  { user: 'alice', ms: 545_000, startedAt: '2026-08-10T10:00:00Z' },
  { user: 'alice', ms: 30_001, startedAt: '2026-08-11T10:00:00Z' },
  { user: 'bob', ms: 1_000, startedAt: '2026-08-12T10:00:00Z' },
  { user: 'alice', ms: 60_000, startedAt: '2026-09-10T10:00:00Z' },
];
