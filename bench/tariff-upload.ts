// A version upload of a million rates (SPEC §7), measured in process on a fresh database: how
// long PUT /admin/plans/{plan}/versions/{t} takes with a CSV (or JSON) body, how long the event
// loop was held at most meanwhile, and the process's peak memory; then a replace and a delete.
// The tariff catalog's reload after each change (every process does one) is told apart.
//
//   npx tsc -p bench/tsconfig.build.json && node dist/bench/tariff-upload.js [--mysql] [--json] [--rates=N]
//
// --mysql uses MariaDB/MySQL on 127.0.0.1:3306 (BENCH_DB_* as for npm run bench), else SQLite.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { createApp } from '../src/app.factory.js';
import { validateEnv } from '../src/platform/config/validate-env.js';
import { dataSourceOptions } from '../src/platform/database/data-source-options.js';
import { TariffCatalog } from '../src/rating/services/tariff-catalog.service.js';
import { connect, databaseName } from './database.js';
import { DB } from './options.js';

const { values } = parseArgs({
  options: {
    mysql: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    rates: { type: 'string', default: '1000000' },
  },
});
const RATES = Number(values.rates);
const AT = encodeURIComponent('2100-01-01T00:00:00.000Z');
const URL = `/admin/plans/bench/versions/${AT}`;

/** The deck: "" and RATES − 1 prefixes of 7–10 digits, every field given. */
function deck(json: boolean): Buffer {
  const lines = [
    'prefix,first_block_seconds,increment_seconds,price,connect_fee',
  ];
  const rates: object[] = [];
  for (let i = 0; i < RATES; i++) {
    const prefix = i === 0 ? '' : String(1_000_000 + i * 7);
    const price = `0.${String(i % 1000).padStart(4, '0')}`;
    if (json) {
      rates.push({
        prefix,
        first_block_seconds: 30,
        increment_seconds: 6,
        price,
        connect_fee: '0.1',
      });
    } else lines.push(`${prefix},30,6,${price},0.1`);
  }
  return Buffer.from(
    json ? JSON.stringify({ rates }) : `${lines.join('\n')}\n`,
  );
}

async function database(): Promise<{
  env: Record<string, string>;
  drop: () => Promise<void>;
}> {
  if (!values.mysql) {
    const path = join(tmpdir(), `tariff-upload-bench-${process.pid}.sqlite`);
    return {
      env: { DB_HOST: '', DB_PATH: path },
      drop: () => {
        for (const file of [path, `${path}-wal`, `${path}-shm`])
          rmSync(file, { force: true });
        return Promise.resolve();
      },
    };
  }
  const name = databaseName('tariffs');
  const admin = await connect();
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    env: {
      DB_HOST: DB.host,
      DB_PORT: String(DB.port),
      DB_USERNAME: DB.user,
      DB_PASSWORD: DB.password,
      DB_NAME: name,
    },
    drop: async () => {
      const server = await connect();
      await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await server.end();
    },
  };
}

/** Whether the tariff catalog is reloading (after a change), to tell its share apart. */
let reloading = false;

interface Measured<T> {
  result: T;
  ms: number;
  /** The longest the event loop went without a turn, outside the catalog's reload and in it. */
  heldMs: number;
  reloadHeldMs: number;
  reloadMs: number;
}

/** Runs `work`, with the longest the event loop went without a turn meanwhile. */
async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  let last = performance.now();
  let held = 0;
  let reloadHeld = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    if (reloading) reloadHeld = Math.max(reloadHeld, now - last);
    else held = Math.max(held, now - last);
    last = now;
  }, 1);
  reloadMs = 0;
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  // One more turn for the ticker: a hold that ends the work (its COMMIT, say) shows only then.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  return { result, ms, heldMs: held, reloadHeldMs: reloadHeld, reloadMs };
}

let reloadMs = 0;

/** Counts the catalog's reloads apart: they are the catalog's cost, not the upload's. */
function watchReloads(catalog: TariffCatalog): void {
  const refresh = catalog.refresh.bind(catalog);
  catalog.refresh = async () => {
    const started = performance.now();
    reloading = true;
    try {
      await refresh();
    } finally {
      reloading = false;
      reloadMs += performance.now() - started;
    }
  };
}

/** A line of the report, on stdout. */
function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<void> {
  const body = deck(values.json);
  const db = await database();
  const { database: config } = validateEnv({ ...process.env, ...db.env });
  const migrating = new DataSource({
    ...dataSourceOptions(config),
    migrations,
  });
  await migrating.initialize();
  await migrating.runMigrations();
  await migrating.destroy();
  const app = await createApp({
    env: {
      ...db.env,
      RATE_LIMIT_PER_MINUTE: '0',
      HTTP_REQUEST_TIMEOUT_MS: '600000',
    },
    logger: ['error', 'warn'],
  });
  const put = () =>
    app.inject({
      method: 'PUT',
      url: URL,
      headers: {
        'content-type': values.json ? 'application/json' : 'text/csv',
      },
      payload: body,
    });
  watchReloads(app.get(TariffCatalog));
  const report = (what: string, m: Measured<{ statusCode: number }>) =>
    print(
      `${what}: ${m.result.statusCode} in ${(m.ms / 1000).toFixed(2)} s, of which the ` +
        `catalog's reload ${(m.reloadMs / 1000).toFixed(2)} s; event loop held at most ` +
        `${m.heldMs.toFixed(0)} ms (${m.reloadHeldMs.toFixed(0)} ms in the reload)`,
    );
  try {
    print(
      `${values.mysql ? 'MySQL/MariaDB' : 'SQLite'}, ${RATES} rates, ` +
        `${values.json ? 'JSON' : 'CSV'} body of ${(body.length / 1e6).toFixed(1)} MB`,
    );
    report('create', await measured(put));
    report('replace', await measured(put));
    report(
      'delete',
      await measured(() => app.inject({ method: 'DELETE', url: URL })),
    );
    print(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await app.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
