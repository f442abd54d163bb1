import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory.js';
import { CallsRepository } from '../src/call-billing/persistence/calls.repository.js';
import { CsvImportService } from '../src/call-billing/services/csv-import.service.js';
import { TotalsRebuildService } from '../src/call-billing/services/totals-rebuild.service.js';
import { Database } from '../src/platform/database/database.js';
import {
  createTestDatabase,
  type TestDatabase,
} from './support/test-database.js';
import {
  DIST_ROOT,
  ensureServiceBuilt,
  freePort,
  ServiceProcess,
} from './support/service-process.js';

/**
 * Several writers on one database (SPEC §4: "never a 500 for anything a client sent, however
 * concurrent"): two service instances, as two workers of `WEB_CONCURRENCY=2` or two machines,
 * race on the same keys with batches and keyed PUTs, and an import runs beside them. Each
 * instance has connections of its own, so on SQLite the two really contend for the file's write
 * lock and on MariaDB for the same unique keys.
 */
describe('several writers on one database', () => {
  let database: TestDatabase;
  let apps: NestFastifyApplication[] = [];
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(join(tmpdir(), 'call-billing-contention-'));
  });

  beforeEach(async () => {
    apps = await Promise.all(
      [0, 1].map(() =>
        createApp({
          env: { RATE_LIMIT_PER_MINUTE: '0', ...database.env },
          logger: ['error'],
        }),
      ),
    );
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const app of apps) await app.close();
  });

  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const statuses = (responses: readonly { statusCode: number }[]) => {
    const counts: Record<number, number> = {};
    for (const { statusCode } of responses) {
      counts[statusCode] = (counts[statusCode] ?? 0) + 1;
    }
    return counts;
  };

  it('answers racing batches and keyed PUTs on shared keys with 200, 201 or 409, never 5xx', async () => {
    const KEYS = 100;
    const key = (i: number) => `shared-${i % KEYS}`;
    // Every request sends its key's one true duration, so that a repeat is a duplicate, not a
    // conflict; a few batches send a wrong one and must get 409 with nothing stored.
    const duration = (i: number) => 1_000 + (i % KEYS);
    const requests: Promise<{ statusCode: number }>[] = [];
    for (let round = 0; round < 100; round++) {
      const app = apps[round % 2];
      const first = round * 37;
      const conflicting = round % 25 === 24;
      requests.push(
        app.inject({
          method: 'POST',
          url: '/calls/batch',
          payload: {
            calls: Array.from({ length: 100 }, (_, i) => ({
              user_name: `user${(first + i) % 3}`,
              call_duration:
                duration(first + i) + (conflicting && i === 50 ? 1 : 0),
              idempotency_key: key(first + i),
            })),
          },
        }),
      );
      requests.push(
        app.inject({
          method: 'PUT',
          url: `/mobile/user${round % 3}/call`,
          headers: { 'idempotency-key': key(round) },
          payload: { call_duration: duration(round) },
        }),
      );
    }
    const responses = await Promise.all(requests);

    const counts = statuses(responses);
    expect(
      Object.keys(counts).filter((status) => Number(status) >= 500),
    ).toEqual([]);
    // 3 users × 100 keys: each (user, key) is stored exactly once, whoever got there first.
    const app = apps[0];
    const [stored] = await app
      .get(Database)
      .read(app.get(CallsRepository).count());
    expect(stored).toBeLessThanOrEqual(300);
    await expect(apps[0].get(TotalsRebuildService).audit()).resolves.toEqual(
      [],
    );
  }, 120_000);

  it('runs a batch again, with a fresh look-up, however often concurrent writers take its keys', async () => {
    const app = apps[0];
    const repository = app.get(CallsRepository);
    const insert = repository.insert.bind(repository);
    // Each of the first attempts finds its first key taken, as if another writer had committed
    // it between the batch's look-up and its insert: the same row goes in just before its own.
    let collisions = 0;
    jest
      .spyOn(repository, 'insert')
      .mockImplementation((calls, server, options) => {
        const own = insert(calls, server, options);
        if (collisions === 6) return own;
        collisions++;
        return [...insert(calls.slice(0, 1), server, options), ...own];
      });

    const response = await app.inject({
      method: 'POST',
      url: '/calls/batch',
      payload: {
        calls: Array.from({ length: 10 }, (_, i) => ({
          user_name: 'raced',
          call_duration: i,
          idempotency_key: `raced-${i}`,
        })),
      },
    });

    expect(collisions).toBe(6);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ inserted: 10, duplicates: 0 });
  });

  it('takes PUTs on both instances while an import runs beside them, without a 5xx', async () => {
    const lines = ['user_name,call_duration'];
    for (let i = 0; i < 20_000; i++) lines.push(`importer${i % 50},${i}`);
    const csv = join(folder, 'calls.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);

    const importing = apps[1].get(CsvImportService).import(csv, {
      rejected: () => undefined,
      progress: () => undefined,
    });
    const puts: Promise<{ statusCode: number }>[] = [];
    for (let i = 0; i < 400; i++) {
      puts.push(
        apps[i % 2].inject({
          method: 'PUT',
          url: `/mobile/caller${i % 7}/call`,
          payload: { call_duration: i },
        }),
      );
    }
    const [summary, responses] = await Promise.all([
      importing,
      Promise.all(puts),
    ]);

    expect(summary).toMatchObject({
      rows: 20_000,
      inserted: 20_000,
      rejected: 0,
    });
    expect(statuses(responses)).toEqual({ 201: 400 });
    await expect(apps[0].get(TotalsRebuildService).audit()).resolves.toEqual(
      [],
    );
  }, 120_000);
});

/**
 * The README's own set-up: the service with `WEB_CONCURRENCY=2` (two worker processes) and
 * `npm run import` at the same time, on the default embedded SQLite file (or MariaDB).
 */
describe('two worker processes and an import, as separate processes', () => {
  let database: TestDatabase;
  let service: ServiceProcess | undefined;
  let folder: string;

  beforeAll(async () => {
    ensureServiceBuilt();
    database = await createTestDatabase();
    folder = mkdtempSync(join(tmpdir(), 'call-billing-processes-'));
  }, 120_000);

  afterAll(async () => {
    await service?.kill('SIGTERM');
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers every PUT 2xx and imports every line', async () => {
    const env = { ...database.env, RATE_LIMIT_PER_MINUTE: '0' };
    service = await ServiceProcess.start(await freePort(), {
      ...env,
      WEB_CONCURRENCY: '2',
    });
    const lines = ['user_name,call_duration'];
    for (let i = 0; i < 30_000; i++) lines.push(`importer${i % 50},${i}`);
    const csv = join(folder, 'calls.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);

    const importer = runImport(csv, env);
    const statuses: Record<number, number> = {};
    const url = `${service.url}/mobile/`;
    const client = async (id: number) => {
      for (let i = 0; i < 100; i++) {
        const response = await fetch(`${url}worker-test-${id}/call`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ call_duration: i }),
        });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    };
    const [imported] = await Promise.all([
      importer,
      Promise.all(Array.from({ length: 16 }, (_, id) => client(id))),
    ]);

    expect(imported).toMatchObject({ code: 0 });
    expect(imported.output).toMatch(/inserted 30000, duplicates 0, rejected 0/);
    expect(statuses).toEqual({ 201: 1600 });
  }, 180_000);
});

/** `npm run import` on the build, its exit code and what it printed. */
function runImport(
  csv: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [join(DIST_ROOT, 'commands', 'import-calls.js'), csv],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (output += chunk));
  }
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}
