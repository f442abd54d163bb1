/**
 * What the rating suites share: the admin API of SPEC §7 as typed calls, the three ways a call
 * is recorded (PUT, batch, CSV import) behind one function, the itemised calls of a user, and
 * instants a few seconds ahead at which tests place versions and calls without sleeping.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { CsvImportService } from '../../src/call-billing/services/csv-import.service.js';
import { TotalsRebuildService } from '../../src/call-billing/services/totals-rebuild.service.js';
import {
  queryText,
  withKey,
  type Api,
  type Query,
  type Response,
} from '../support/api.js';
import { useTempFolder, type TempFolder } from '../support/temp-folder.js';
import {
  useTestApp,
  type Env,
  type TestAppHandle,
  type UseTestAppOptions,
} from '../support/test-app.js';
import type { RatedFields, VersionBody } from './oracle.js';

/**
 * The suites' settings: no period ever closes on its own while they record calls in past
 * months (closing is SPEC §8's, tested on its own).
 */
export const RATING_ENV = { BILLING_AUTO_CLOSE: 'false' } as const;

/**
 * A rating suite's app (`useTestApp` with {@link RATING_ENV} and `env` over it), its admin API,
 * and a folder for the CSV files it imports.
 */
export function useRatingApp(env: Env = {}, options: UseTestAppOptions = {}) {
  const t = useTestApp({ ...RATING_ENV, ...env }, options);
  const recorder: Recorder = {
    t,
    folder: useTempFolder('call-billing-rating-test-'),
  };
  return { t, recorder, admin: new RatingApi(t) };
}

/** A call as `PUT` answers it and the listing shows it. */
export interface CallJson extends RatedFields {
  readonly id: string;
  readonly user_name: string;
  readonly call_duration: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly started_at: string;
  readonly destination: string | null;
  readonly late: boolean;
}

/** An instant as the API writes it. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The whole second `seconds` after now, in ms: far enough ahead that a version placed there is
 * not yet in force when it is stored, near enough that calls may start there (SPEC: at most 5
 * minutes ahead of the service's clock).
 */
export function secondsAhead(seconds: number): number {
  return Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000;
}

/** The answer's status is one of `statuses`; a failure shows its body. */
export function expectStatus(response: Response, ...statuses: number[]): void {
  expect(`${response.statusCode} ${response.body.slice(0, 2000)}`).toMatch(
    new RegExp(`^(${statuses.join('|')}) `),
  );
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** The rating endpoints of SPEC §7, as typed calls on any app. */
export class RatingApi {
  constructor(private readonly api: Pick<Api, 'inject'>) {}

  /** `PUT /admin/plans/{plan}/versions/{effective_from}`: a JSON body, or CSV text. */
  putVersion(
    plan: string,
    effectiveFrom: number | string,
    body: VersionBody | string,
    query: Query = '',
  ): Promise<Response> {
    return this.api.inject({
      method: 'PUT',
      url: `${versionUrl(plan, effectiveFrom)}${queryText(query)}`,
      headers:
        typeof body === 'string' ? { 'content-type': 'text/csv' } : JSON_TYPE,
      payload: body,
    });
  }

  /** Stores a version that must be accepted (created, or replaced). */
  async defineVersion(
    plan: string,
    effectiveFrom: number | string,
    body: VersionBody | string,
    query: Query = '',
  ): Promise<Response> {
    const response = await this.putVersion(plan, effectiveFrom, body, query);
    expectStatus(response, 201, 200);
    return response;
  }

  deleteVersion(plan: string, effectiveFrom: number | string) {
    return this.api.inject({
      method: 'DELETE',
      url: versionUrl(plan, effectiveFrom),
    });
  }

  getVersion(plan: string, effectiveFrom: number | string, query: Query = '') {
    return this.api.inject({
      method: 'GET',
      url: `${versionUrl(plan, effectiveFrom)}${queryText(query)}`,
    });
  }

  plans(query: Query = ''): Promise<Response> {
    return this.api.inject({
      method: 'GET',
      url: `/admin/plans${queryText(query)}`,
    });
  }

  /** `PUT /admin/users/{user}/plan`; no `effectiveFrom`: from now. */
  assign(
    user: string,
    plan: string,
    effectiveFrom?: number,
    query: Query = '',
  ): Promise<Response> {
    return this.api.inject({
      method: 'PUT',
      url: `/admin/users/${user}/plan${queryText(query)}`,
      headers: JSON_TYPE,
      payload:
        effectiveFrom === undefined
          ? { plan }
          : { plan, effective_from: iso(effectiveFrom) },
    });
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
    return this.api.inject({ method: 'GET', url: `/admin/users/${user}/plan` });
  }

  /** `GET /mobile/{user}/rate`. */
  rate(user: string, query: Query = ''): Promise<Response> {
    return this.api.inject({
      method: 'GET',
      url: `/mobile/${user}/rate${queryText(query)}`,
    });
  }
}

function versionUrl(plan: string, effectiveFrom: number | string): string {
  const from =
    typeof effectiveFrom === 'number' ? iso(effectiveFrom) : effectiveFrom;
  return `/admin/plans/${plan}/versions/${from}`;
}

/** Every call of `user` the listing gives (newest first), page after page. */
export async function listAll(
  api: Api,
  user: string,
  query: Readonly<Record<string, string>> = {},
): Promise<CallJson[]> {
  const calls: CallJson[] = [];
  let cursor: string | null = null;
  do {
    const response = await api.listCalls(user, {
      ...query,
      limit: 1000,
      ...(cursor === null ? {} : { cursor }),
    });
    expectStatus(response, 200);
    const page = response.json<{
      data: CallJson[];
      next_cursor: string | null;
    }>();
    calls.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return calls;
}

/** How a call reaches the service. */
export type Path = 'put' | 'batch' | 'csv';
export const PATHS: readonly Path[] = ['put', 'batch', 'csv'];

/** A call to record, with the optional fields as they are sent (absent when undefined). */
export interface CallInput {
  readonly user: string;
  readonly durationMs: number;
  readonly startedAt?: string;
  readonly destination?: string | null;
  readonly key?: string;
}

/** A test's way into the service: its app, and a folder for CSV files. */
export interface Recorder {
  readonly t: TestAppHandle;
  readonly folder: TempFolder;
}

let csvFiles = 0;

/**
 * Records `calls` through one path, all of which must be stored: each with its own `PUT`, as
 * one batch, or as one CSV file imported as `npm run import` does. Returns the `PUT` answers
 * (none for the other paths: the listing shows what they stored).
 */
export async function recordCalls(
  { t, folder }: Recorder,
  path: Path,
  calls: readonly CallInput[],
): Promise<CallJson[]> {
  if (path === 'put') {
    const answers: CallJson[] = [];
    for (const call of calls) {
      const response = await t.putCall(
        encodeURIComponent(call.user),
        {
          call_duration: call.durationMs,
          ...optional('started_at', call.startedAt),
          ...optional('destination', call.destination),
        },
        withKey(call.key),
      );
      expectStatus(response, 201);
      answers.push(response.json<CallJson>());
    }
    return answers;
  }
  if (path === 'batch') {
    const response = await t.postBatch(
      calls.map((call) => ({
        user_name: call.user,
        call_duration: call.durationMs,
        ...optional('idempotency_key', call.key),
        ...optional('started_at', call.startedAt),
        ...optional('destination', call.destination),
      })),
    );
    expectStatus(response, 200);
    expect(response.json()).toEqual({ inserted: calls.length, duplicates: 0 });
    return [];
  }
  const rows = calls.map((call) =>
    [
      call.user,
      call.durationMs,
      call.key ?? '',
      call.startedAt ?? '',
      call.destination ?? '',
    ].join(','),
  );
  const summary = await importCsv({ t, folder }, [
    'user_name,call_duration,idempotency_key,started_at,destination',
    ...rows,
  ]);
  expect(summary).toMatchObject({ inserted: calls.length, rejected: 0 });
  return [];
}

/** Imports the CSV `lines` (header first) as a file of its own; its summary and bad lines. */
export async function importCsv(
  { t, folder }: Recorder,
  lines: readonly string[],
) {
  const rejected: { line: number; reason: string }[] = [];
  const path = folder.write(`calls-${++csvFiles}.csv`, `${lines.join('\n')}\n`);
  const summary = await t.app.get(CsvImportService).import(path, {
    rejected: (line, reason) => rejected.push({ line, reason }),
    progress: () => undefined,
  });
  return { ...summary, rejectedLines: rejected };
}

/** Records one call through `path` (its user must have no other call) and returns it as stored. */
export async function recordOne(
  recorder: Recorder,
  path: Path,
  call: CallInput,
): Promise<CallJson> {
  const [answer] = await recordCalls(recorder, path, [call]);
  const listed = await listAll(recorder.t, encodeURIComponent(call.user));
  expect(listed).toHaveLength(1);
  if (answer !== undefined) expect(listed[0]).toMatchObject(answer);
  return listed[0];
}

/** What `npm run billing:rebuild -- --check` reports: the totals that differ from the calls. */
export function auditTotals(app: INestApplicationContext) {
  return app.get(TotalsRebuildService).audit();
}

function optional<K extends string, V>(
  name: K,
  value: V | undefined,
): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, V>);
}
