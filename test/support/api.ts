import type { InjectOptions, LightMyRequestResponse } from 'fastify';

export type Response = LightMyRequestResponse;
export type Headers = Record<string, string>;

/** A query string's parameters, or the text after `?` as it is to be sent. */
export type Query = string | Readonly<Record<string, string | number>>;

const JSON_TYPE: Headers = { 'content-type': 'application/json' };

/** The `Idempotency-Key` header, or no header for no key. */
export function withKey(key: string | undefined): Headers {
  return key === undefined ? {} : { 'idempotency-key': key };
}

/** `query` as the part of a URL from `?` on (nothing for no parameters). */
export function queryText(query: Query): string {
  const text =
    typeof query === 'string'
      ? query
      : Object.entries(query)
          .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
          .join('&');
  return text === '' ? '' : `?${text}`;
}

/**
 * The service's endpoints as typed calls. A user name goes into the path as given (so a test can
 * send one percent-encoded, or not); a body is sent as JSON, a string as it is, with
 * `Content-Type: application/json` unless `headers` says otherwise.
 */
export abstract class Api {
  abstract inject(options: InjectOptions): Promise<Response>;

  /** `PUT /mobile/{user}/call`. */
  putCall(
    user: string,
    body: string | object,
    headers: Headers = {},
  ): Promise<Response> {
    return this.inject({
      method: 'PUT',
      url: `/mobile/${user}/call`,
      headers: { ...JSON_TYPE, ...headers },
      payload: body,
    });
  }

  /** `GET /mobile/{user}/billing`, of one month or of all time. */
  getBill(user: string, period?: string): Promise<Response> {
    const query = period === undefined ? '' : queryText({ period });
    return this.inject({
      method: 'GET',
      url: `/mobile/${user}/billing${query}`,
    });
  }

  /** `GET /mobile/{user}/calls`. */
  listCalls(user: string, query: Query = ''): Promise<Response> {
    return this.inject({
      method: 'GET',
      url: `/mobile/${user}/calls${queryText(query)}`,
    });
  }

  /** `GET /mobile/{user}/invoices/{number}`: JSON, or what `accept` asks for. */
  getInvoice(user: string, number: string, accept?: string): Promise<Response> {
    return this.inject({
      method: 'GET',
      url: `/mobile/${user}/invoices/${number}`,
      headers: accept === undefined ? {} : { accept },
    });
  }

  /** `GET /mobile/{user}/invoices`: JSON, or what `accept` asks for. */
  listInvoices(
    user: string,
    query: Query = '',
    accept?: string,
  ): Promise<Response> {
    return this.inject({
      method: 'GET',
      url: `/mobile/${user}/invoices${queryText(query)}`,
      headers: accept === undefined ? {} : { accept },
    });
  }

  /** `POST /calls/batch` with `{ "calls": calls }`. */
  postBatch(calls: unknown, headers: Headers = {}): Promise<Response> {
    return this.inject({
      method: 'POST',
      url: '/calls/batch',
      headers: { ...JSON_TYPE, ...headers },
      payload: { calls },
    });
  }
}

/** The endpoints of `api`, each request presenting `headers` too (a key, say). */
export function withHeaders(api: Pick<Api, 'inject'>, headers: Headers): Api {
  return apiOf({
    inject: (options) =>
      api.inject({ ...options, headers: { ...headers, ...options.headers } }),
  });
}

/** The endpoints of an app a test started by hand. */
export function apiOf(app: {
  inject(options: InjectOptions): Promise<Response>;
}): Api {
  return new (class extends Api {
    inject(options: InjectOptions): Promise<Response> {
      return app.inject(options);
    }
  })();
}

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
