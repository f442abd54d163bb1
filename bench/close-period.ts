// `npm run bench:close -- --users=1000000`: how fast `npm run billing:close` closes a period of
// N users on MariaDB/MySQL (127.0.0.1:3306, as the main bench). A fresh database gets the
// migrations and N users' running totals for 2026-10 (every tenth user with a second rate, every
// hundredth with a credit), then the period is closed by the command as an operator runs it, and
// the invoices are checked: one per user, numbered 1..N in byte order, totals equal to the rows'.
import { parseArgs } from 'node:util';
import {
  databaseName,
  dropDatabases,
  firstRow,
  freshDatabase,
  withConnection,
} from './database.js';
import { run } from './processes.js';
import { serviceEnv } from './service.js';
import { log, num } from './text.js';

const DATABASE = databaseName('close');
const PERIOD = '2026-10';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    'step-rows': { type: 'string', default: '20000' },
    'no-build': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const STEP_ROWS = values['step-rows'];

/** 0 … 10^digits − 1, from a digits table joined with itself. */
function numbers(digits: number): string {
  const tables = Array.from({ length: digits }, (_, i) => `d${i}`);
  return (
    `SELECT ${tables.map((t, i) => `${t}.d * ${10 ** i}`).join(' + ')} AS n ` +
    `FROM ${tables.map((t) => `bench_digits ${t}`).join(' CROSS JOIN ')}`
  );
}

async function seed(): Promise<void> {
  const started = Date.now();
  await withConnection(DATABASE, async (db) => {
    await db.query('CREATE TABLE bench_digits (d tinyint PRIMARY KEY)');
    await db.query(
      'INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)',
    );
    await db.query('CREATE TABLE bench_users (n int PRIMARY KEY)');
    await db.query(
      `INSERT INTO bench_users SELECT n FROM (${numbers(Math.ceil(Math.log10(USERS)))}) t WHERE n < ?`,
      [USERS],
    );
    // User names of mixed case, so that byte order (not the alphabet) decides the numbers.
    const user = "CONCAT(IF(n % 2 = 0, 'U', 'u'), LPAD(n, 7, '0'))";
    const totals =
      'INSERT INTO usage_totals (user_name, period, plan, version, prefix, amount_decimals, ' +
      'call_count, total_duration, block_count, billed_seconds, amount_micros) ';
    await db.query(
      `${totals} SELECT ${user}, ?, 'default', '1970-01-01 00:00:00.000', '', 2, ` +
        '1 + n % 7, 61000 * (1 + n % 7), 3 * (1 + n % 7), 90 * (1 + n % 7), 150000 * (1 + n % 7) FROM bench_users',
      [PERIOD],
    );
    await db.query(
      `${totals} SELECT ${user}, ?, 'default', '1970-01-01 00:00:00.000', '44', 4, ` +
        '2, 120000, 4, 120, 12300 FROM bench_users WHERE n % 10 = 0',
      [PERIOD],
    );
    await db.query(
      'INSERT INTO credits (call_id, user_name, period, amount_micros, amount_decimals, ' +
        `invoice_number, reason, created_at) SELECT n, ${user}, ?, -50000, 2, 1, 'bench', UTC_TIMESTAMP(6) ` +
        'FROM bench_users WHERE n % 100 = 0',
      [PERIOD],
    );
    await db.query('DROP TABLE bench_digits, bench_users');
    const row = await firstRow(db, 'SELECT COUNT(*) AS n FROM usage_totals');
    log(
      `seeded ${num(USERS)} users, ${num(Number(row.n))} usage rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
}

function check(): Promise<boolean> {
  return withConnection(DATABASE, async (db) => {
    const row = await firstRow(
      db,
      'SELECT COUNT(*) AS invoices, MIN(number) AS first, MAX(number) AS last, ' +
        'SUM(total_micros) AS total, (SELECT COUNT(*) FROM invoice_lines) AS line_count, ' +
        '(SELECT SUM(amount_micros) FROM usage_totals) + (SELECT SUM(amount_micros) FROM credits) AS expected, ' +
        '(SELECT COUNT(*) FROM usage_totals) + (SELECT COUNT(*) FROM credits) AS expected_lines ' +
        'FROM invoices',
    );
    const order = await firstRow(
      db,
      'SELECT COUNT(*) AS misordered FROM invoices a JOIN invoices b ON b.number = a.number + 1 ' +
        'WHERE b.user_name <= a.user_name',
    );
    const fine =
      Number(row.invoices) === USERS &&
      Number(row.first) === 1 &&
      Number(row.last) === USERS &&
      String(row.total) === String(row.expected) &&
      String(row.line_count) === String(row.expected_lines) &&
      Number(order.misordered) === 0;
    log(
      `${fine ? 'ok' : 'WRONG'}: ${String(row.invoices)} invoices numbered ${String(row.first)}..${String(row.last)}, ` +
        `${String(row.line_count)} lines (expected ${String(row.expected_lines)}), total ${String(row.total)} µ ` +
        `(expected ${String(row.expected)}), ${String(order.misordered)} out of byte order`,
    );
    return fine;
  });
}

async function main(): Promise<number> {
  if (!values['no-build']) {
    log('building (npm run build)');
    await run('npm', ['run', '--silent', 'build'], {
      timeoutMs: 300_000,
      label: 'npm run build',
    });
  }
  await freshDatabase(DATABASE);
  try {
    await seed();
    const close = async (): Promise<{ seconds: number; output: string }> => {
      const started = Date.now();
      const output = await run(
        'node',
        ['dist/commands/billing-close.js', PERIOD],
        {
          env: { ...serviceEnv(DATABASE), BILLING_CLOSE_STEP_ROWS: STEP_ROWS },
          timeoutMs: 600_000,
          label: 'billing:close',
        },
      );
      return { seconds: (Date.now() - started) / 1000, output };
    };
    const { seconds, output } = await close();
    // Closing a closed period again: the process's start and one read, no invoicing.
    const { seconds: startup } = await close();
    process.stdout.write(output);
    process.stdout.write(
      `closed ${num(USERS)} users in ${seconds.toFixed(1)} s (steps of ${num(Number(STEP_ROWS))} rows): ` +
        `${num(USERS / seconds)} invoices/s; without the process's start (${startup.toFixed(1)} s): ` +
        `${(seconds - startup).toFixed(1)} s, ${num(USERS / (seconds - startup))} invoices/s\n`,
    );
    return (await check()) ? 0 : 1;
  } finally {
    await dropDatabases();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`bench:close failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
