/**
 * What the rating suites share: their app with the admin API, the three ways a call is recorded
 * (PUT, batch, CSV import) behind one function, and the itemised calls of a user.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { CsvImportService } from '../../src/call-billing/services/csv-import.service.js';
import { TotalsRebuildService } from '../../src/call-billing/services/totals-rebuild.service.js';
import { AdminApi } from '../support/admin-api.js';
import { withKey, type Api } from '../support/api.js';
import { expectStatus } from '../support/expectations.js';
import type { CallJson, ListedCall } from '../support/oracle/call-json.js';
import { everyItem, type Page } from '../support/pages.js';
import { useTempFolder, type TempFolder } from '../support/temp-folder.js';
import type { TestDatabase } from '../support/test-database.js';
import {
  useTestApp,
  type Env,
  type TestAppHandle,
  type UseTestAppOptions,
} from '../support/test-app.js';

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
  return { t, recorder, admin: new AdminApi(t) };
}

/**
 * An app of its own on `database` (an upgraded one, say), with the rating suites' settings and
 * `env` over them, no rate limit, and only errors logged.
 */
export function appOn(
  database: Pick<TestDatabase, 'env'>,
  env: Env = {},
): Promise<NestFastifyApplication> {
  return createApp({
    env: { RATE_LIMIT_PER_MINUTE: '0', ...RATING_ENV, ...env, ...database.env },
    logger: ['error'],
  });
}

/** Every call of `user` the listing gives (newest first), page after page. */
export function listAll(
  api: Api,
  user: string,
  query: Readonly<Record<string, string>> = {},
): Promise<ListedCall[]> {
  return everyItem(async (cursor) => {
    const response = await api.listCalls(user, {
      ...query,
      limit: 1000,
      ...(cursor === null ? {} : { cursor }),
    });
    expectStatus(response, 200);
    return response.json<Page<ListedCall>>();
  });
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
