import {
  queryText,
  type Api,
  type Headers,
  type Query,
  type Response,
} from '../support/api.js';

/** A time far enough ahead that a version or assignment there is never in force in a test. */
export const FUTURE = '2100-01-01T00:00:00.000Z';
export const LATER = '2101-06-01T12:30:00.000Z';

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

/** The rating admin API (SPEC §7) as typed calls, with an admin key or none. */
export class AdminApi {
  constructor(
    private readonly api: Api,
    private readonly headers: Headers = {},
  ) {}

  /** `PUT /admin/plans/{plan}/versions/{at}`: a JSON body, or a CSV text. */
  putVersion(
    plan: string,
    at: string,
    body: object | string,
    query: Query = '',
    headers: Headers = {},
  ): Promise<Response> {
    return this.api.inject({
      method: 'PUT',
      url: `/admin/plans/${plan}/versions/${encodeURIComponent(at)}${queryText(query)}`,
      headers: {
        'content-type':
          typeof body === 'string' ? 'text/csv' : 'application/json',
        ...this.headers,
        ...headers,
      },
      payload: body,
    });
  }

  getVersion(plan: string, at: string, query: Query = ''): Promise<Response> {
    return this.send(
      'GET',
      `/admin/plans/${plan}/versions/${encodeURIComponent(at)}`,
      query,
    );
  }

  deleteVersion(plan: string, at: string): Promise<Response> {
    return this.send(
      'DELETE',
      `/admin/plans/${plan}/versions/${encodeURIComponent(at)}`,
    );
  }

  listPlans(query: Query = ''): Promise<Response> {
    return this.send('GET', '/admin/plans', query);
  }

  assignPlan(user: string, body: object, query: Query = ''): Promise<Response> {
    return this.api.inject({
      method: 'PUT',
      url: `/admin/users/${user}/plan${queryText(query)}`,
      headers: { 'content-type': 'application/json', ...this.headers },
      payload: body,
    });
  }

  assignments(user: string): Promise<Response> {
    return this.send('GET', `/admin/users/${user}/plan`);
  }

  rate(user: string, query: Query = ''): Promise<Response> {
    return this.send('GET', `/mobile/${user}/rate`, query);
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
