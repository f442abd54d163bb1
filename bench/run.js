// `npm run bench`: the service's production build against MariaDB/MySQL on 127.0.0.1:3306,
// measured side by side with two minimal servers kept here, and judged against issue 5's targets.
//
//   service  node dist/main.js (the real thing: Nest, TypeORM, group commit, running totals)
//   raw      bench/raw-server.js (Fastify + mysql2, one transaction per PUT: the conventional way)
//   ceiling  bench/ceiling-server.js (Fastify, fixed answers, no database: this machine's HTTP limit)
//
// For each: PUT calls/s and p50/p99 at 64 connections over 1,000 users, GET bills/s and p99 for
// a user with 10 calls and one with 1,000,000 (seeded in SQL, with their totals), peak RSS, and
// the CPU each side used; for the service also the CSV import of 1,000,000 calls and, when the
// build reads WEB_CONCURRENCY (a cluster), the same loads on two workers. A run that other
// processes disturbed is measured once more. Prints one table and writes bench/results/. See
// docs/performance.md.
//
// Options: --no-build (use dist/ as it is), --quick (short runs and 100,000-row seeds, to try the
// harness; its figures are not comparable), --only=service,raw,ceiling, --no-import,
// --connections=64, --users=1000, --rounds=2 (each server measured that many times, alternating,
// the best run of each load kept), --profile=DIR (only the service, under `node --cpu-prof`: a PUT
// run and a GET run, each profile summarised over its measured window into DIR).
// Environment: BENCH_DB_PORT (3306), BENCH_DB_USER (root), BENCH_DB_PASSWORD (empty).
import { spawn } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { summarise } from './profile-summary.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');
const DB_HOST = '127.0.0.1';
const DB_PORT = Number(process.env.BENCH_DB_PORT ?? 3306);
const DB_USER = process.env.BENCH_DB_USER ?? 'root';
const DB_PASSWORD = process.env.BENCH_DB_PASSWORD ?? '';
const DB_PREFIX = 'call_billing_bench';
const SMALL_USER = 'bench-10-calls';
const LARGE_USER = 'bench-1m-calls';
const BLOCK_MS = 30_000;
/** The whole run is stopped past this, whatever it is doing. */
const HARD_LIMIT_MS = 25 * 60_000;

const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'service,raw,ceiling' },
    'no-import': { type: 'boolean', default: false },
    profile: { type: 'string' },
    connections: { type: 'string', default: '64' },
    users: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '2' },
  },
  strict: true,
});

const quick = args.quick === true;
const settings = {
  connections: Number(args.connections),
  users: Number(args.users),
  warmupSeconds: quick ? 1 : 3,
  putSeconds: quick ? 3 : 15,
  getSeconds: quick ? 3 : 10,
  largeUserCalls: quick ? 100_000 : 1_000_000,
  importCalls: quick ? 100_000 : 1_000_000,
  rounds: quick ? 1 : Number(args.rounds),
};

/** @typedef {'service' | 'raw' | 'ceiling'} ServerName */
/** @type {ServerName[]} */
const ALL_SERVERS = ['service', 'raw', 'ceiling'];
const only = String(args.only)
  .split(',')
  .map((name) => name.trim());
for (const name of only) {
  if (!ALL_SERVERS.some((known) => known === name)) {
    console.error(`bench: unknown server "${name}" in --only`);
    process.exit(2);
  }
}
const selected = ALL_SERVERS.filter((name) => only.includes(name));
if (!Number.isInteger(settings.rounds) || settings.rounds < 1) {
  console.error(
    `bench: --rounds must be a whole number from 1, not "${args.rounds}"`,
  );
  process.exit(2);
}

// ------------------------------------------------------------------------------------------
// Children and clean-up: every child is the leader of its own process group, and the whole group
// is stopped on exit, on Ctrl-C and on any error. Databases are dropped on the way out.

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
/** @type {Set<string>} */
const createdDatabases = new Set();
/** @type {string[]} */
const tempFiles = [];
let exiting = false;

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function signalGroup(child, signal) {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const child of children) signalGroup(child, 'SIGKILL');
});

/** @param {number} code @param {string} [reason] */
async function shutdown(code, reason) {
  if (exiting) return;
  exiting = true;
  if (reason !== undefined) console.error(`\nbench: ${reason}`);
  for (const child of children) signalGroup(child, 'SIGTERM');
  await Promise.race([
    Promise.all([...children].map((child) => exited(child))),
    sleep(5_000),
  ]);
  for (const child of children) signalGroup(child, 'SIGKILL');
  await Promise.race([dropDatabases(), sleep(15_000)]);
  for (const file of tempFiles) rmSync(file, { force: true, recursive: true });
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130, 'interrupted'));
process.on('SIGTERM', () => void shutdown(143, 'terminated'));
process.on('uncaughtException', (error) => {
  console.error(error);
  void shutdown(1, 'failed');
});
setTimeout(
  () => void shutdown(3, `stopped: over ${HARD_LIMIT_MS / 60_000} minutes`),
  HARD_LIMIT_MS,
).unref();

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** @param {import('node:child_process').ChildProcess} child @returns {Promise<number | null>} */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Runs a command to its end within `timeoutMs`, its output kept and shown only if it fails.
 * @param {string} command @param {string[]} argv
 * @param {{ env?: NodeJS.ProcessEnv, timeoutMs: number, label: string }} options
 * @returns {Promise<string>}
 */
async function run(command, argv, { env, timeoutMs, label }) {
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  /** @type {Buffer[]} */
  const output = [];
  child.stdout?.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
  child.stderr?.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  children.delete(child);
  const text = Buffer.concat(output).toString('utf8');
  if (code !== 0) {
    throw new Error(
      `${label} failed (exit ${code ?? child.signalCode}):\n${text.slice(-4000)}`,
    );
  }
  return text;
}

// ------------------------------------------------------------------------------------------
// The database.

/** @param {string} [database] */
function connect(database) {
  return mysql.createConnection({
    host: DB_HOST,
    port: DB_PORT,
    user: DB_USER,
    password: DB_PASSWORD,
    database,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 3_000,
  });
}

/**
 * @param {import('mysql2/promise').Connection} connection @param {string} sql
 * @param {unknown[]} [params]
 * @returns {Promise<Record<string, unknown>[]>}
 */
async function rows(connection, sql, params = []) {
  const [result] = await connection.query(sql, params);
  return Array.isArray(result)
    ? /** @type {Record<string, unknown>[]} */ (result)
    : [];
}

/** @param {string} database */
function assertOurs(database) {
  if (!new RegExp(`^${DB_PREFIX}(_[a-z0-9]+)*$`).test(database))
    throw new Error(`refusing to touch database ${database}`);
}

async function dropDatabases() {
  if (createdDatabases.size === 0) return;
  const admin = await connect();
  try {
    for (const database of createdDatabases) {
      assertOurs(database);
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      createdDatabases.delete(database);
    }
  } finally {
    await admin.end();
  }
}

/** Environment for the service's own processes (server, migrations, import) on `database`. */
/** @param {string} database @returns {NodeJS.ProcessEnv} */
function serviceEnv(database) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(DB_|API_KEYS$|AUTH_DISABLED$|RATE_LIMIT|BILLING_|PORT$)/.test(name))
      delete env[name];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    // The load comes from one address: the per-client limit is off, as is authentication.
    AUTH_DISABLED: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    DB_HOST,
    DB_PORT: String(DB_PORT),
    DB_USERNAME: DB_USER,
    DB_PASSWORD,
    DB_NAME: database,
    NO_COLOR: '1',
  };
}

/** A fresh database with the service's migrations applied. @param {string} database */
async function freshDatabase(database) {
  assertOurs(database);
  const admin = await connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\``);
    createdDatabases.add(database);
  } finally {
    await admin.end();
  }
  await run('npm', ['run', '--silent', 'migration:run'], {
    env: serviceEnv(database),
    timeoutMs: 120_000,
    label: `migrations on ${database}`,
  });
}

/**
 * Seeds a user with 10 calls and one with `largeUserCalls` (one every 30 s back from now, so
 * about a year of monthly totals), their totals with one GROUP BY, and stamps `billing_state`.
 * @param {string} database
 */
async function seed(database) {
  const started = Date.now();
  const db = await connect(database);
  try {
    await db.query(
      'CREATE TABLE bench_digits (d tinyint NOT NULL PRIMARY KEY) ENGINE=InnoDB',
    );
    await db.query(
      'INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)',
    );
    const insert = (
      /** @type {string} */ user,
      /** @type {string} */ numbers,
    ) =>
      db.query(
        'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) ' +
          `SELECT ?, (n * 7919) % 3600001, NULL, at, at FROM (SELECT n, ` +
          `UTC_TIMESTAMP(6) - INTERVAL (n * 30 + 60) SECOND AS at FROM (${numbers}) numbers) t`,
        [user],
      );
    await insert(SMALL_USER, 'SELECT d AS n FROM bench_digits');
    // 100,000 calls per statement: a, b, c, e, f are the five lower digits, k the sixth and up.
    const lower =
      'a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM bench_digits a ' +
      'CROSS JOIN bench_digits b CROSS JOIN bench_digits c CROSS JOIN bench_digits e ' +
      'CROSS JOIN bench_digits f';
    for (let k = 0; k * 100_000 < settings.largeUserCalls; k++) {
      await insert(LARGE_USER, `SELECT ${k * 100_000} + ${lower}`);
    }
    await db.query(
      'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
        "SELECT user_name, DATE_FORMAT(created_at, '%Y-%m'), COUNT(*), SUM(call_duration), " +
        `SUM((call_duration + ${BLOCK_MS - 1}) DIV ${BLOCK_MS}) FROM calls ` +
        "GROUP BY user_name, DATE_FORMAT(created_at, '%Y-%m')",
    );
    await db.query(
      'INSERT INTO billing_state (id, block_ms) VALUES (1, ?) ' +
        'ON DUPLICATE KEY UPDATE block_ms = VALUES(block_ms)',
      [BLOCK_MS],
    );
    await db.query('DROP TABLE bench_digits');
    const [count] = await rows(
      db,
      'SELECT COUNT(*) AS calls, (SELECT COUNT(*) FROM billing_totals) AS totals FROM calls',
    );
    log(
      `  seeded ${database}: ${String(count?.calls)} calls, ${String(count?.totals)} ` +
        `totals rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.end();
  }
}

/**
 * Calls stored for users whose name starts with `prefix`, in `calls` and in the totals.
 * @param {string} database @param {string} prefix
 */
async function storedCalls(database, prefix) {
  const db = await connect(database);
  try {
    const [row] = await rows(
      db,
      'SELECT (SELECT COUNT(*) FROM calls WHERE user_name LIKE ?) AS calls, ' +
        '(SELECT COALESCE(SUM(call_count), 0) FROM billing_totals WHERE user_name LIKE ?) AS totals, ' +
        '(SELECT COALESCE(SUM((call_duration + ?) DIV ?), 0) FROM calls WHERE user_name LIKE ?) AS blocks, ' +
        '(SELECT COALESCE(SUM(block_count), 0) FROM billing_totals WHERE user_name LIKE ?) AS total_blocks',
      [
        `${prefix}%`,
        `${prefix}%`,
        BLOCK_MS - 1,
        BLOCK_MS,
        `${prefix}%`,
        `${prefix}%`,
      ],
    );
    return {
      calls: Number(row?.calls),
      totals: Number(row?.totals),
      blocks: Number(row?.blocks),
      totalBlocks: Number(row?.total_blocks),
    };
  } finally {
    await db.end();
  }
}

// ------------------------------------------------------------------------------------------
// Servers.

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port =
        typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {{ name: string, url: string, child: import('node:child_process').ChildProcess,
 *   logPath: string, rss: RssSampler }} Server
 */

/**
 * Starts `node ...argv` with `env` and PORT, and waits until GET /health answers 200.
 * @param {string} name @param {string[]} argv @param {NodeJS.ProcessEnv} env
 * @returns {Promise<Server>}
 */
async function startServer(name, argv, env) {
  const port = await freePort();
  const logPath = join(tmpdir(), `${DB_PREFIX}-${name}-${process.pid}.log`);
  tempFiles.push(logPath);
  const fd = openSync(logPath, 'w');
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited at start:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${url}/health`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} did not answer within 60 s:\n${tail(logPath)}`);
    }
    await sleep(200);
  }
  const rss = new RssSampler(child.pid ?? 0);
  return { name, url, child, logPath, rss };
}

/** @param {Server} server */
async function stopServer(server) {
  server.rss.stop();
  signalGroup(server.child, 'SIGTERM');
  const code = await Promise.race([
    exited(server.child),
    sleep(20_000).then(() => 'timeout'),
  ]);
  if (code === 'timeout') {
    signalGroup(server.child, 'SIGKILL');
    await exited(server.child);
  }
  children.delete(server.child);
}

/** @param {string} path */
function tail(path) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Peak memory of a process and its descendants (a cluster's workers), sampled every 200 ms. */
class RssSampler {
  /** @param {number} pid */
  constructor(pid) {
    this.pid = pid;
    this.peakTreeKb = 0;
    this.peakProcessKb = 0;
    this.processes = 1;
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  sample() {
    const pids = [this.pid, ...descendants(this.pid)];
    let total = 0;
    for (const pid of pids) {
      total += statusKb(pid, 'VmRSS');
      this.peakProcessKb = Math.max(this.peakProcessKb, statusKb(pid, 'VmHWM'));
    }
    this.processes = Math.max(this.processes, pids.length);
    this.peakTreeKb = Math.max(this.peakTreeKb, total);
  }

  /** Peak RSS in MB: the kernel's high-water mark of the process, or the sampled tree's sum. */
  peakMb() {
    this.sample();
    return Math.max(this.peakProcessKb, this.peakTreeKb) / 1024;
  }

  /** The largest high-water mark of any one process of the tree, in MB. */
  largestProcessMb() {
    return this.peakProcessKb / 1024;
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** @param {number} pid @param {string} field */
function statusKb(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** @param {number} root @returns {number[]} */
function descendants(root) {
  /** @type {Map<number, number[]>} */
  const byParent = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(
        stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1],
      );
      const list = byParent.get(parent) ?? [];
      list.push(Number(entry));
      byParent.set(parent, list);
    } catch {
      // gone meanwhile
    }
  }
  /** @type {number[]} */
  const found = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of byParent.get(/** @type {number} */ (stack.pop())) ??
      []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

// ------------------------------------------------------------------------------------------
// Load.

/**
 * @typedef {{ rps: number, p50: number, p99: number, ok: number, non2xx: number,
 *   errors: number, timeouts: number, seconds: number, loadavg: number, cpu: Cpu,
 *   attempts: number }} Load
 * @typedef {{ server: number, mariadb: number, bench: number, other: number, interrupts: number,
 *   steal: number }} Cpu
 *   CPU used during the measured run, in % of one core: the server's processes, mariadbd
 *   (which other users of the database add to), this process (autocannon), all other processes,
 *   interrupt handling (softirq, much of it the loopback traffic), and time the hypervisor stole.
 */

/** utime + stime of a process, in clock ticks. @param {number} pid */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Clock ticks of the whole machine (all cores) spent in processes (user, nice, system), in
 * interrupts (softirq: much of loopback networking), and stolen by the hypervisor.
 */
function machineTicks() {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const t = (cpu ?? '').split(/\s+/).slice(1).map(Number);
  const at = (/** @type {number} */ i) => t[i] ?? 0;
  return {
    processes: at(0) + at(1) + at(2),
    interrupts: at(5) + at(6),
    steal: at(7),
  };
}

/** The pids of the running MariaDB/MySQL servers on this machine. */
function databasePids() {
  return readdirSync('/proc')
    .filter((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        return comm === 'mariadbd' || comm === 'mysqld';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Starts measuring CPU use; the function it returns stops and gives it. @param {number} serverPid */
function cpuMeter(serverPid) {
  const servers = [serverPid, ...descendants(serverPid)];
  const dbs = databasePids();
  const sum = (/** @type {number[]} */ pids) =>
    pids.reduce((total, pid) => total + cpuTicks(pid), 0);
  const start = {
    at: process.hrtime.bigint(),
    server: sum(servers),
    db: sum(dbs),
    bench: cpuTicks(process.pid),
    machine: machineTicks(),
  };
  /** @returns {Cpu} */
  return () => {
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    const percent = (/** @type {number} */ ticks) =>
      Math.round(ticks / seconds); // 100 ticks a second: ticks/s is % of a core
    const server = sum(servers) - start.server;
    const db = sum(dbs) - start.db;
    const bench = cpuTicks(process.pid) - start.bench;
    const machine = machineTicks();
    return {
      server: percent(server),
      mariadb: percent(db),
      bench: percent(bench),
      other: Math.max(
        0,
        percent(
          machine.processes - start.machine.processes - server - db - bench,
        ),
      ),
      interrupts: percent(machine.interrupts - start.machine.interrupts),
      steal: percent(machine.steal - start.machine.steal),
    };
  };
}

/**
 * CPU (in % of one core) that processes other than the server, MariaDB and this one may use
 * during a measured run before it counts as disturbed and is measured again (once).
 */
const NOISE_LIMIT = 30;

/**
 * One autocannon run of `seconds` after a warm-up run of `settings.warmupSeconds`. A run that
 * other processes on the machine disturbed (another test suite, say) is measured once more, and
 * the less disturbed of the two is kept.
 * @param {Server} server @param {autocannon.Request[]} requests @param {number} seconds
 * @returns {Promise<Load & { acknowledged: number }>}
 */
async function load(server, requests, seconds) {
  const warm = await cannon(server.url, requests, settings.warmupSeconds);
  let acknowledged = warm['2xx'];
  /** @type {Load | undefined} */
  let kept;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const before = loadavg()[0] ?? 0;
    const stopMeter = cpuMeter(server.child.pid ?? 0);
    const result = await cannon(server.url, requests, seconds);
    const cpu = stopMeter();
    acknowledged += result['2xx'];
    /** @type {Load} */
    const figures = {
      rps: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      seconds: result.duration,
      loadavg: before,
      cpu,
      attempts: attempt,
    };
    if (kept === undefined || figures.cpu.other < kept.cpu.other)
      kept = figures;
    kept.attempts = attempt;
    if (cpu.other <= NOISE_LIMIT || quick) break;
    if (attempt === 1) {
      log(
        `    other processes used ${cpu.other}% of a core meanwhile: measuring again`,
      );
    }
  }
  return { .../** @type {Load} */ (kept), acknowledged };
}

/**
 * @param {string} url @param {autocannon.Request[]} requests @param {number} seconds
 * @returns {Promise<autocannon.Result>}
 */
function cannon(url, requests, seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: settings.connections,
        duration: seconds,
        requests,
        timeout: 10,
      },
      (error, result) =>
        error
          ? reject(error instanceof Error ? error : new Error(String(error)))
          : resolve(result),
    );
  });
}

let putSequence = 0;
/** PUTs rotating over `settings.users` users (u0000, u0001, ...), each body its own duration. */
function putRequests() {
  /** @type {autocannon.Request[]} */
  const requests = [
    {
      method: 'PUT',
      path: '/mobile/u0000/call',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        const n = putSequence++;
        const user = `u${String(n % settings.users).padStart(4, '0')}`;
        return {
          ...request,
          path: `/mobile/${user}/call`,
          body: `{"call_duration":${(n * 7919) % 3_600_001}}`,
        };
      },
    },
  ];
  return requests;
}

/** @param {string} user @returns {autocannon.Request[]} */
function billRequests(user) {
  return [{ method: 'GET', path: `/mobile/${user}/billing` }];
}

/**
 * The bill a server gives, to check the seeds are what the load reads.
 * @param {string} url @param {string} user
 */
async function bill(url, user) {
  const response = await fetch(`${url}/mobile/${user}/billing`, {
    signal: AbortSignal.timeout(10_000),
  });
  const body = /** @type {{ call_count?: number }} */ (await response.json());
  return { status: response.status, callCount: body.call_count };
}

/**
 * @typedef {{ put?: Load, getSmall?: Load, getLarge?: Load, rssMb?: number,
 *   checks: string[] }} ServerResult
 */

/**
 * The three loads against one running server.
 * @param {Server} server @param {{ database?: string, seeded: boolean }} options
 * @returns {Promise<ServerResult>}
 */
async function measure(server, { database, seeded }) {
  /** @type {ServerResult} */
  const result = { checks: [] };
  if (seeded) {
    for (const [user, calls] of /** @type {const} */ ([
      [SMALL_USER, 10],
      [LARGE_USER, settings.largeUserCalls],
    ])) {
      const { status, callCount } = await bill(server.url, user);
      const fine = status === 200 && callCount === calls;
      const check = `${fine ? 'ok' : 'WRONG'}: bill of ${user}: ${status}, call_count ${callCount} (expected ${calls})`;
      result.checks.push(check);
      log(`    ${check}`);
    }
  }
  log(`  ${server.name}: GET bill of the 10-call user`);
  result.getSmall = await load(
    server,
    billRequests(SMALL_USER),
    settings.getSeconds,
  );
  log(
    `  ${server.name}: GET bill of the ${settings.largeUserCalls.toLocaleString('en-US')}-call user`,
  );
  result.getLarge = await load(
    server,
    billRequests(LARGE_USER),
    settings.getSeconds,
  );
  log(`  ${server.name}: PUT calls`);
  const put = await load(server, putRequests(), settings.putSeconds);
  result.put = put;
  result.rssMb = server.rss.peakMb();
  if (database !== undefined) {
    // Give in-flight requests a moment, then check every acknowledged call is stored, and counted.
    await sleep(500);
    const stored = await storedCalls(database, 'u');
    const fine =
      stored.calls === stored.totals &&
      stored.blocks === stored.totalBlocks &&
      stored.calls >= put.acknowledged;
    const check =
      `${fine ? 'ok' : 'WRONG'}: ${put.acknowledged} PUTs acknowledged, ${stored.calls} calls stored, ` +
      `totals count ${stored.totals} calls and ${stored.totalBlocks} blocks (calls give ${stored.blocks})`;
    result.checks.push(check);
    log(`    ${check}`);
  }
  for (const [what, figures] of /** @type {const} */ ([
    ['GET 10-call user', result.getSmall],
    ['GET large user', result.getLarge],
    ['PUT', result.put],
  ])) {
    if (figures.non2xx + figures.errors > 0) {
      const check = `WRONG: ${what}: ${figures.non2xx} non-2xx answers, ${figures.errors} errors (${figures.timeouts} timeouts)`;
      result.checks.push(check);
      log(`    ${check}`);
    }
    if (figures.attempts > 1 || figures.cpu.steal > 5) {
      result.checks.push(
        `note: ${what}: measured ${figures.attempts} times; the kept run had other processes ` +
          `at ${figures.cpu.other}% of a core, hypervisor steal ${figures.cpu.steal}%`,
      );
    }
  }
  return result;
}

// ------------------------------------------------------------------------------------------
// The CSV import.

/** @param {string} path @param {number} count */
async function writeCsv(path, count) {
  const out = createWriteStream(path);
  out.write('user_name,call_duration\n');
  const chunk = 10_000;
  for (let start = 0; start < count; start += chunk) {
    let text = '';
    for (let n = start; n < Math.min(count, start + chunk); n++) {
      text += `i${String(n % settings.users).padStart(4, '0')},${(n * 7919) % 3_600_001}\n`;
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/**
 * Imports `settings.importCalls` calls through `node dist/import/import-calls.js`.
 * @param {string} database
 */
async function importCalls(database) {
  const csv = join(tmpdir(), `${DB_PREFIX}-${process.pid}.csv`);
  tempFiles.push(csv);
  await writeCsv(csv, settings.importCalls);
  log(
    `  service: importing ${settings.importCalls.toLocaleString('en-US')} calls from ${csv}`,
  );
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['dist/import/import-calls.js', csv], {
    cwd: ROOT,
    env: serviceEnv(database),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  const rss = new RssSampler(child.pid ?? 0);
  /** @type {Buffer[]} */
  const output = [];
  child.stdout?.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
  child.stderr?.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 300_000);
  const code = await exited(child);
  clearTimeout(timer);
  rss.stop();
  children.delete(child);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const text = Buffer.concat(output).toString('utf8');
  const stored = await storedCalls(database, 'i');
  const fine =
    code === 0 &&
    stored.calls === settings.importCalls &&
    stored.totals === stored.calls &&
    stored.blocks === stored.totalBlocks;
  const check =
    `${fine ? 'ok' : 'WRONG'}: import exit ${code ?? child.signalCode}, ${stored.calls} calls stored, ` +
    `totals count ${stored.totals} calls and ${stored.totalBlocks} blocks (calls give ${stored.blocks})`;
  log(`    ${check}`);
  const summary =
    text.split('\n').find((line) => line.includes(' rows in ')) ?? '';
  if (!fine) log(text.slice(-2000));
  return {
    callsPerSecond: fine ? settings.importCalls / seconds : 0,
    seconds,
    peakRssMb: rss.peakTreeKb / 1024,
    summary: summary.trim(),
    check,
  };
}

// ------------------------------------------------------------------------------------------
// Report.

/** @param {string} text */
function log(text) {
  process.stderr.write(`${text}\n`);
}

/** @param {number | undefined} value @param {number} [digits] */
function num(value, digits = 0) {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** @param {string} text @param {number} width */
const left = (text, width) => text.padEnd(width);
/** @param {string} text @param {number} width */
const right = (text, width) => text.padStart(width);

async function machine() {
  let mariadb = 'unknown';
  try {
    const db = await connect();
    const [row] = await rows(db, 'SELECT VERSION() AS version');
    mariadb = String(row?.version);
    await db.end();
  } catch {
    // reported as unknown
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    mariadb,
  };
}

/**
 * @typedef {{ supported: boolean, note: string, result?: ServerResult, processes?: number,
 *   largestProcessMb?: number }} Cluster
 */

/**
 * @param {{ started: Date, machine: Awaited<ReturnType<typeof machine>>,
 *   servers: Partial<Record<ServerName, ServerResult>>, cluster: Cluster,
 *   importResult?: Awaited<ReturnType<typeof importCalls>> }} report
 */
function render({ started, machine: m, servers, cluster, importResult }) {
  const { service, raw, ceiling } = servers;
  const clustered = cluster.result;
  const lines = [];
  lines.push(
    `call-billing bench, ${started.toISOString()}: ${m.cores} cores (${m.cpu}), ` +
      `${m.memoryGiB} GiB, Node ${m.node}, MariaDB ${m.mariadb}`,
  );
  lines.push(
    `PUT: ${settings.connections} connections over ${settings.users} users, ` +
      `${settings.putSeconds} s after ${settings.warmupSeconds} s warm-up; GET: ` +
      `${settings.connections} connections, ${settings.getSeconds} s after ` +
      `${settings.warmupSeconds} s warm-up${quick ? '  (--quick: NOT comparable)' : ''}`,
  );
  lines.push(
    `each server measured in ${settings.rounds} round(s), alternating; the fastest run of each load kept`,
  );
  lines.push(
    `service = ${serviceCommandLine}; service x2 = the same with WEB_CONCURRENCY=2 ` +
      `(${cluster.supported ? `${cluster.processes ?? '?'} processes seen` : `n/a: ${cluster.note}`})`,
  );
  lines.push('');
  const W = 42;
  const C = 12;
  /** @type {[string, ServerResult | undefined, string][]} */
  const columns = [
    ['service', service, '-'],
    ['service x2', clustered, cluster.supported ? '-' : 'n/a'],
    ['raw', raw, '-'],
    ['ceiling', ceiling, '-'],
  ];
  lines.push(left('', W) + columns.map(([name]) => right(name, C)).join(''));
  /**
   * @param {string} label @param {(r: ServerResult) => number | undefined} pick
   * @param {number} [digits]
   */
  const row = (label, pick, digits = 0) =>
    left(label, W) +
    columns
      .map(([, r, missing]) =>
        right(r === undefined ? missing : num(pick(r), digits), C),
      )
      .join('');
  const large = `${num(settings.largeUserCalls)}-call user`;
  lines.push(row('PUT calls/s', (r) => r.put?.rps));
  lines.push(row('PUT p50 latency, ms', (r) => r.put?.p50));
  lines.push(row('PUT p99 latency, ms', (r) => r.put?.p99));
  lines.push(row('GET bills/s, 10-call user', (r) => r.getSmall?.rps));
  lines.push(row('GET p99 latency, ms, 10-call user', (r) => r.getSmall?.p99));
  lines.push(row(`GET bills/s, ${large}`, (r) => r.getLarge?.rps));
  lines.push(row(`GET p99 latency, ms, ${large}`, (r) => r.getLarge?.p99));
  /** Requests per second of the server's own CPU: steadier than req/s on a busy machine. @param {Load | undefined} l */
  const perCpu = (l) =>
    l === undefined || l.cpu.server === 0
      ? undefined
      : l.rps / (l.cpu.server / 100);
  lines.push(row('PUT calls per server CPU-second', (r) => perCpu(r.put)));
  lines.push(
    row('GET bills per server CPU-second, 10-call', (r) => perCpu(r.getSmall)),
  );
  lines.push(row('peak RSS, MB (all processes)', (r) => r.rssMb, 1));
  lines.push(
    row('failed requests (non-2xx + errors)', (r) =>
      [r.put, r.getSmall, r.getLarge].reduce(
        (sum, l) => sum + (l === undefined ? 0 : l.non2xx + l.errors),
        0,
      ),
    ),
  );
  for (const [what, pick] of /** @type {const} */ ([
    ['PUT', (/** @type {ServerResult} */ r) => r.put],
    ['GET 10-call', (/** @type {ServerResult} */ r) => r.getSmall],
  ])) {
    lines.push(
      row(`CPU %, ${what}: server (100 = 1 core)`, (r) => pick(r)?.cpu.server),
    );
    lines.push(row(`CPU %, ${what}: MariaDB`, (r) => pick(r)?.cpu.mariadb));
    lines.push(row(`CPU %, ${what}: autocannon`, (r) => pick(r)?.cpu.bench));
    lines.push(
      row(`CPU %, ${what}: other processes`, (r) => pick(r)?.cpu.other),
    );
    lines.push(
      row(
        `CPU %, ${what}: interrupts (network)`,
        (r) => pick(r)?.cpu.interrupts,
      ),
    );
  }
  lines.push(
    left(`bulk import calls/s (${num(settings.importCalls)}, CSV)`, W) +
      right(
        importResult === undefined ? '-' : num(importResult.callsPerSecond),
        C,
      ) +
      right('-', C).repeat(3),
  );
  lines.push('');

  /** @param {number | undefined} a @param {number | undefined} b */
  const ratio = (a, b) =>
    a === undefined || b === undefined || b === 0 ? undefined : a / b;
  /**
   * @typedef {{ target: string, goal: string, unit: string,
   *   measure: (r: ServerResult) => number | undefined, passes: (value: number) => boolean }} Target
   */
  /** @type {Target[]} */
  const definitions = [
    {
      target: 'PUT calls/s vs raw',
      goal: '>= 3x',
      unit: 'x',
      measure: (r) => ratio(r.put?.rps, raw?.put?.rps),
      passes: (v) => v >= 3,
    },
    {
      target: 'PUT calls/s vs ceiling',
      goal: '>= 0.3x',
      unit: 'x',
      measure: (r) => ratio(r.put?.rps, ceiling?.put?.rps),
      passes: (v) => v >= 0.3,
    },
    {
      target: 'GET bills/s vs raw (10-call user)',
      goal: '>= 0.8x',
      unit: 'x',
      measure: (r) => ratio(r.getSmall?.rps, raw?.getSmall?.rps),
      passes: (v) => v >= 0.8,
    },
    {
      target: `GET bills/s, ${num(settings.largeUserCalls)} vs 10 calls`,
      goal: '>= 0.9x',
      unit: 'x',
      measure: (r) => ratio(r.getLarge?.rps, r.getSmall?.rps),
      passes: (v) => v >= 0.9,
    },
    {
      target: 'PUT p99 vs raw',
      goal: '<= 1x',
      unit: 'x',
      measure: (r) => ratio(r.put?.p99, raw?.put?.p99),
      passes: (v) => v <= 1,
    },
    {
      target: 'peak RSS (all processes)',
      goal: '<= 150 MB',
      unit: ' MB',
      measure: (r) => r.rssMb,
      passes: (v) => v <= 150,
    },
  ];
  /** @param {number | undefined} value @param {Target} t */
  const shown = (value, t) =>
    value === undefined
      ? '-'
      : `${num(value, t.unit === 'x' ? 2 : 0)}${t.unit}`;
  /** @param {number | undefined} value @param {Target} t */
  const verdict = (value, t) =>
    value === undefined ? 'n/a' : t.passes(value) ? 'PASS' : 'FAIL';
  const targets = definitions.map((t) => {
    const single = service === undefined ? undefined : t.measure(service);
    const two = clustered === undefined ? undefined : t.measure(clustered);
    return {
      target: t.target,
      goal: t.goal,
      service: single,
      serviceResult: verdict(single, t),
      serviceX2: two,
      serviceX2Result: verdict(two, t),
      line:
        left(t.target, W) +
        right(t.goal, 10) +
        right(shown(single, t), 11) +
        right(verdict(single, t), 6) +
        right(shown(two, t), 12) +
        right(verdict(two, t), 6),
    };
  });
  const importRate = importResult?.callsPerSecond;
  targets.push({
    target: 'bulk import calls/s',
    goal: '>= 50,000/s',
    service: importRate,
    serviceResult:
      importRate === undefined ? 'n/a' : importRate >= 50_000 ? 'PASS' : 'FAIL',
    serviceX2: undefined,
    serviceX2Result: 'n/a',
    line:
      left('bulk import calls/s', W) +
      right('>= 50,000/s', 10) +
      right(importRate === undefined ? '-' : `${num(importRate)}/s`, 11) +
      right(
        importRate === undefined
          ? 'n/a'
          : importRate >= 50_000
            ? 'PASS'
            : 'FAIL',
        6,
      ),
  });
  lines.push(
    left('target', W) +
      right('goal', 10) +
      right('service', 17) +
      right('service x2', 18),
  );
  for (const t of targets) lines.push(t.line);

  const checks = Object.entries(servers).flatMap(([name, r]) =>
    (r?.checks ?? []).map((check) => `${name}: ${check}`),
  );
  for (const check of clustered?.checks ?? [])
    checks.push(`service x2: ${check}`);
  if (importResult !== undefined) checks.push(`import: ${importResult.check}`);
  if (checks.length > 0) {
    lines.push('');
    lines.push('checks:');
    for (const check of checks) lines.push(`  ${check}`);
  }
  if (importResult?.summary)
    lines.push(`  import said: ${importResult.summary}`);
  /** @type {[string, ServerResult | undefined][]} */
  const runs = [...Object.entries(servers), ['service x2', clustered]];
  const disturbed = runs.flatMap(([name, r]) =>
    r === undefined
      ? []
      : [r.put, r.getSmall, r.getLarge].flatMap((l) =>
          l === undefined ? [] : [{ name, other: l.cpu.other }],
        ),
  );
  const worst = disturbed.reduce((max, d) => (d.other > max.other ? d : max), {
    name: '-',
    other: 0,
  });
  lines.push(
    `other processes on the machine used at most ${worst.other}% of a core during a kept run ` +
      `(${worst.name}); runs above ${NOISE_LIMIT}% are measured twice and the calmer kept`,
  );
  return {
    text: lines.join('\n'),
    targets: targets.map((t) => ({
      target: t.target,
      goal: t.goal,
      service: t.service,
      serviceResult: t.serviceResult,
      serviceX2: t.serviceX2,
      serviceX2Result: t.serviceX2Result,
    })),
  };
}

// ------------------------------------------------------------------------------------------
// Main.

/**
 * The service as production starts it: package.json's start:prod, its environment settings
 * (`NAME=value` before `node`) and its V8 flags included.
 * @returns {{ env: Record<string, string>, argv: string[] }}
 */
function serviceCommand() {
  const text = readFileSync(join(ROOT, 'package.json'), 'utf8');
  const match = /"start:prod":\s*"((?:\w+=\S+ )*)node ([^"]+)"/.exec(text);
  /** @type {Record<string, string>} */
  const env = {};
  for (const assignment of (match?.[1] ?? '').trim().split(' ')) {
    const [name, value] = assignment.split('=');
    if (name && value !== undefined) env[name] = value;
  }
  return { env, argv: (match?.[2] ?? 'dist/main.js').split(' ') };
}
const { env: serviceProcessEnv, argv: serviceArgv } = serviceCommand();
/** How the results name the service's command. */
const serviceCommandLine = [
  ...Object.entries(serviceProcessEnv).map(
    ([name, value]) => `${name}=${value}`,
  ),
  'node',
  ...serviceArgv,
].join(' ');

async function build() {
  if (args['no-build'] === true) {
    log('using dist/ as it is (--no-build)');
  } else {
    log('building the service (npm run build)');
    await run('npm', ['run', '--silent', 'build'], {
      timeoutMs: 300_000,
      label: 'npm run build',
    });
  }
  for (const file of [
    'dist/main.js',
    'dist/import/import-calls.js',
    'dist/cli/ormconfig.js',
  ]) {
    if (!existsSync(join(ROOT, file)))
      throw new Error(`${file} is missing: run without --no-build`);
  }
}

/** Whether the service can run as a cluster of WEB_CONCURRENCY workers. */
function clusterSupport() {
  const dist = join(ROOT, 'dist');
  const reader = readdirSync(dist, { recursive: true, encoding: 'utf8' }).find(
    (file) =>
      file.endsWith('.js') &&
      !file.startsWith('cli') &&
      /['"`]WEB_CONCURRENCY['"`]/.test(readFileSync(join(dist, file), 'utf8')),
  );
  return reader === undefined
    ? {
        supported: false,
        note: 'the build reads no WEB_CONCURRENCY: src/main.ts has no cluster',
      }
    : { supported: true, note: `dist/${reader} reads WEB_CONCURRENCY` };
}

/**
 * The service under `node --cpu-prof`, once under the PUT load and once under the GET load (of the
 * large user), each profile summarised over the measured window only.
 * @param {string} dir
 */
async function profile(dir) {
  const database = `${DB_PREFIX}_profile`;
  await freshDatabase(database);
  await seed(database);
  for (const kind of ['put', 'get']) {
    const into = join(dir, kind);
    rmSync(into, { recursive: true, force: true });
    mkdirSync(into, { recursive: true });
    const spawned = Date.now();
    const server = await startServer(
      'service',
      ['--cpu-prof', `--cpu-prof-dir=${into}`, ...serviceArgv],
      { ...serviceEnv(database), ...serviceProcessEnv },
    );
    const requests = kind === 'put' ? putRequests() : billRequests(LARGE_USER);
    const seconds = kind === 'put' ? settings.putSeconds : settings.getSeconds;
    log(`  service under --cpu-prof: ${kind.toUpperCase()} load`);
    await cannon(server.url, requests, settings.warmupSeconds);
    const from = (Date.now() - spawned) / 1000;
    const result = await cannon(server.url, requests, seconds);
    const until = (Date.now() - spawned) / 1000;
    await stopServer(server);
    const [file] = readdirSync(into).filter((name) =>
      name.endsWith('.cpuprofile'),
    );
    if (file === undefined)
      throw new Error(`the service wrote no profile into ${into}`);
    const summary =
      `${kind.toUpperCase()} under --cpu-prof: ${num(result['2xx'] / result.duration)} req/s, ` +
      `p99 ${num(result.latency.p99)} ms, ${result.non2xx + result.errors} failed ` +
      `(profiling slows the service)\n${join(into, file)}, ` +
      `window ${from.toFixed(1)}-${until.toFixed(1)} s:\n` +
      summarise(join(into, file), { top: 30, from, until });
    writeFileSync(join(dir, `${kind}-summary.txt`), `${summary}\n`);
    process.stdout.write(`\n${summary}\n`);
  }
  log(`\nprofiles and summaries in ${dir}`);
}

/**
 * The better of two rounds of one server: each load's faster run (its latencies and CPU with it),
 * the higher peak memory, and every check of both.
 * @param {ServerResult | undefined} kept @param {ServerResult} next
 * @returns {ServerResult}
 */
function keepBest(kept, next) {
  if (kept === undefined) return next;
  /** @param {Load | undefined} a @param {Load | undefined} b */
  const faster = (a, b) =>
    a === undefined ? b : b === undefined || a.rps >= b.rps ? a : b;
  return {
    put: faster(kept.put, next.put),
    getSmall: faster(kept.getSmall, next.getSmall),
    getLarge: faster(kept.getLarge, next.getLarge),
    rssMb: Math.max(kept.rssMb ?? 0, next.rssMb ?? 0),
    checks: [...kept.checks, ...next.checks],
  };
}

async function main() {
  const started = new Date();
  await build();
  const m = await machine();
  if (m.mariadb === 'unknown') {
    throw new Error(
      `no MySQL/MariaDB answers on ${DB_HOST}:${DB_PORT} as ${DB_USER}`,
    );
  }
  if (args.profile !== undefined) {
    await profile(args.profile);
    return shutdown(0);
  }
  /** @type {Partial<Record<ServerName, ServerResult>>} */
  const servers = {};
  /** @type {Cluster} */
  const cluster = clusterSupport();
  /** @type {Awaited<ReturnType<typeof importCalls>> | undefined} */
  let importResult;

  // Each round measures every server once, one after another; a load's best round is kept for
  // each server. Noise on a shared machine only ever slows a run down, and alternating the
  // servers spreads a slow spell over all of them instead of one.
  const serviceDatabase = `${DB_PREFIX}_service`;
  const rawDatabase = `${DB_PREFIX}_raw`;
  for (let round = 1; round <= settings.rounds; round++) {
    if (settings.rounds > 1) log(`round ${round} of ${settings.rounds}`);
    if (selected.includes('service')) {
      log(`service: ${serviceCommandLine}`);
      if (round === 1) {
        await freshDatabase(serviceDatabase);
        await seed(serviceDatabase);
      }
      const server = await startServer('service', serviceArgv, {
        ...serviceEnv(serviceDatabase),
        ...serviceProcessEnv,
      });
      servers.service = keepBest(
        servers.service,
        await measure(server, { database: serviceDatabase, seeded: true }),
      );
      await stopServer(server);
      if (cluster.supported) {
        log('service: WEB_CONCURRENCY=2');
        const workers = await startServer('service-cluster', serviceArgv, {
          ...serviceEnv(serviceDatabase),
          ...serviceProcessEnv,
          WEB_CONCURRENCY: '2',
        });
        cluster.result = keepBest(
          cluster.result,
          await measure(workers, { database: serviceDatabase, seeded: true }),
        );
        cluster.processes = workers.rss.processes;
        cluster.largestProcessMb = Math.max(
          cluster.largestProcessMb ?? 0,
          workers.rss.largestProcessMb(),
        );
        await stopServer(workers);
      } else if (round === 1) {
        log(`service: WEB_CONCURRENCY=2: n/a (${cluster.note})`);
      }
    }
    if (selected.includes('raw')) {
      log('raw: node bench/raw-server.js');
      if (round === 1) {
        await freshDatabase(rawDatabase);
        await seed(rawDatabase);
      }
      const server = await startServer(
        'raw',
        ['bench/raw-server.js'],
        serviceEnv(rawDatabase),
      );
      servers.raw = keepBest(
        servers.raw,
        await measure(server, { database: rawDatabase, seeded: true }),
      );
      await stopServer(server);
    }
    if (selected.includes('ceiling')) {
      log('ceiling: node bench/ceiling-server.js (no database)');
      const server = await startServer(
        'ceiling',
        ['bench/ceiling-server.js'],
        serviceEnv('none'),
      );
      servers.ceiling = keepBest(
        servers.ceiling,
        await measure(server, { seeded: false }),
      );
      await stopServer(server);
    }
  }
  if (selected.includes('service') && args['no-import'] !== true) {
    importResult = await importCalls(serviceDatabase);
  }

  const { text, targets } = render({
    started,
    machine: m,
    servers,
    cluster,
    importResult,
  });
  mkdirSync(RESULTS, { recursive: true });
  const stamp = started
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const json = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: m,
    settings: { ...settings, quick },
    servers,
    cluster,
    import: importResult,
    targets,
  };
  writeFileSync(
    join(RESULTS, `${stamp}.json`),
    `${JSON.stringify(json, null, 2)}\n`,
  );
  writeFileSync(join(RESULTS, `${stamp}.txt`), `${text}\n`);
  writeFileSync(join(RESULTS, 'latest.txt'), `${text}\n`);
  process.stdout.write(
    `\n${text}\n\nwritten: bench/results/${stamp}.json, .txt, latest.txt\n`,
  );
  return shutdown(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void shutdown(1, 'failed');
});
