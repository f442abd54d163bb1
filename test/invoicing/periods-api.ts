import type { Api, Response } from '../support/api.js';

/** A call to seed through `POST /calls/batch`. */
export interface SeedCall {
  readonly user: string;
  readonly ms: number;
  /** ISO 8601; the call's billing period is its month. */
  readonly startedAt: string;
  readonly destination?: string;
}

const BATCH = 1_000;

/** Records `calls` through the real write pipeline, 1,000 per batch. */
export async function seedCalls(
  api: Api,
  calls: readonly SeedCall[],
): Promise<void> {
  for (let start = 0; start < calls.length; start += BATCH) {
    const response = await api.postBatch(
      calls.slice(start, start + BATCH).map((call) => ({
        user_name: call.user,
        call_duration: call.ms,
        started_at: call.startedAt,
        ...(call.destination === undefined
          ? {}
          : { destination: call.destination }),
      })),
    );
    if (response.statusCode !== 200) {
      throw new Error(
        `seeding failed: ${response.statusCode} ${response.body}`,
      );
    }
  }
}

export interface Summary {
  readonly period: string;
  readonly status: 'open' | 'closed';
  readonly closed_at: string | null;
  readonly invoice_count: number | null;
  readonly total: string | null;
}

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

export function closePeriod(api: Api, period: string): Promise<Response> {
  return api.inject({ method: 'POST', url: `/admin/periods/${period}/close` });
}

/** Closes `period` and answers its summary, failing unless the answer is 200. */
export async function closed(api: Api, period: string): Promise<Summary> {
  const response = await closePeriod(api, period);
  if (response.statusCode !== 200) {
    throw new Error(
      `closing ${period}: ${response.statusCode} ${response.body}`,
    );
  }
  return response.json<Summary>();
}

/** Every invoice of `period`, walking the JSON pages. */
export async function invoicesOf(
  api: Api,
  period: string,
  limit = 1000,
): Promise<ListedInvoice[]> {
  const invoices: ListedInvoice[] = [];
  let cursor: string | null = null;
  do {
    const query: string =
      cursor === null ? `limit=${limit}` : `limit=${limit}&cursor=${cursor}`;
    const response = await api.inject({
      method: 'GET',
      url: `/admin/periods/${period}/invoices?${query}`,
    });
    if (response.statusCode !== 200) {
      throw new Error(
        `listing ${period}: ${response.statusCode} ${response.body}`,
      );
    }
    const page = response.json<{
      data: ListedInvoice[];
      next_cursor: string | null;
    }>();
    invoices.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return invoices;
}

/** The number in `INV-000123`. */
export function numberOf(invoice: { readonly number: string }): number {
  return Number(invoice.number.slice(4));
}

/** Exact sum of decimal strings with up to 6 decimals, as micros. */
export function microsOf(amounts: readonly string[]): bigint {
  return amounts.reduce((sum, amount) => {
    const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
    const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
    return sum + (amount.startsWith('-') ? -micros : micros);
  }, 0n);
}

/** A port of 18300–18399 (this suite's range) that nobody listens on now. */
export async function freePortInRange(): Promise<number> {
  const { createServer } = await import('node:net');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  for (let offset = 0; offset < 100; offset++) {
    const port = 18300 + ((worker * 10 + offset) % 100);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host: '127.0.0.1' }, () =>
        server.close(() => resolve(true)),
      );
    });
    if (free) return port;
  }
  throw new Error('no free port in 18300–18399');
}
