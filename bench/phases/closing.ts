// The closing phase (issue 13), on MariaDB: a million users with a call in last month, recorded
// through the batch API; then that period closed by POST /admin/periods/{period}/close while
// PUTs for the open month go on at a steady rate: its seconds, invoices/s, the service's peak
// memory, the PUTs' latencies during the close against the same load idle; then the invoices
// checked (numbers, totals), and bills of the closed period against bills of the open one.
import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import { ask, bearer, expectStatus } from '../admin.js';
import { databaseName, freshDatabase } from '../database.js';
import {
  type Load,
  alternatingRounds,
  cannonUntil,
  load,
  periodBillRequests,
  putRequests,
} from '../load.js';
import { type Cpu, cpuMeter } from '../meters.js';
import type { Phase } from '../phase.js';
import { sleep } from '../processes.js';
import { resetPeak, statusKb } from '../proc.js';
import { type Server, startServer, stopServer } from '../servers.js';
import { keyedEnv, serviceStart } from '../service.js';
import { log, num } from '../text.js';
import { closingReport } from './closing-report.js';
import {
  CLOSING_USERS,
  type Seeded,
  closingUser,
  periodOf,
  seedClosingUsers,
} from './closing-seed.js';
import { type Usage, usageOf, verifyClose } from './closing-verify.js';

/** The paced PUT load's connections. */
const PACED_CONNECTIONS = 16;

export interface Paced {
  rate: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  seconds: number;
}

/** The close's answer: the period's summary. */
export interface CloseSummary {
  invoice_count?: number;
  total?: string;
}

export interface ClosingFigures {
  closing?: {
    period: string;
    openPeriod: string;
    users: number;
    seeding: Seeded;
    usage: Usage;
    closeSeconds: number;
    closeStatus: number;
    summary: CloseSummary;
    idleRssMb: number;
    peakRssMb: number;
    cpu: Cpu;
    idle: Paced;
    during: Paced;
    closedBills?: Load;
    openBills?: Load;
    checks: string[];
  };
}

function paced(result: autocannon.Result, rate: number): Paced {
  return {
    rate,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    seconds: result.duration,
  };
}

/** A closed period's bill: its status and invoice number. */
async function closedBill(
  server: Server,
  key: string,
  period: string,
): Promise<string> {
  const user = closingUser(0, 1);
  const answer = await ask(
    `${server.url}/mobile/${user}/billing?period=${period}`,
    {
      headers: bearer(key),
    },
  );
  const bill = JSON.parse(answer.body) as {
    status?: string;
    invoice_number?: string | null;
  };
  const fine =
    answer.status === 200 &&
    bill.status === 'closed' &&
    typeof bill.invoice_number === 'string';
  return (
    `${fine ? 'ok' : 'WRONG'}: bill of ${user} for ${period}: ${answer.status}, ` +
    `status ${bill.status}, invoice_number ${bill.invoice_number}`
  );
}

async function closeUnderLoad(
  server: Server,
  key: string,
  period: string,
  rate: number,
) {
  const pid = server.child.pid ?? 0;
  const requests = putRequests(1000, {
    headers: bearer(key),
    userPrefix: CLOSING_USERS.prefix,
    userDigits: CLOSING_USERS.digits,
  });
  const options = { connections: PACED_CONNECTIONS, rate, maxSeconds: 3600 };
  log(`  PUTs at ${rate}/s for the open month, idle (after 3 s of warm-up)`);
  await cannonUntil(server.url, requests, { ...options, until: sleep(3_000) });
  const idle = await cannonUntil(server.url, requests, {
    ...options,
    until: sleep(15_000),
  });
  await sleep(1_000);
  const idleRssMb = statusKb(pid, 'VmRSS') / 1024;
  resetPeak(pid);
  log(
    `  closing ${period} (POST /admin/periods/${period}/close), PUTs at ${rate}/s meanwhile`,
  );
  const stopMeter = cpuMeter(pid);
  const closing = ask(`${server.url}/admin/periods/${period}/close`, {
    method: 'POST',
    headers: bearer(key),
    timeoutMs: 3_600_000,
  });
  const during = await cannonUntil(server.url, requests, {
    ...options,
    until: closing,
  });
  const answer = await closing;
  const cpu = stopMeter();
  const peakRssMb = statusKb(pid, 'VmHWM') / 1024;
  log(
    `    ${answer.status} in ${answer.seconds.toFixed(1)} s: ${answer.body.slice(0, 200)}`,
  );
  return {
    answer,
    idle: paced(idle, rate),
    during: paced(during, rate),
    idleRssMb,
    peakRssMb,
    cpu,
  };
}

export const closingPhase: Phase<ClosingFigures> = {
  name: 'closing',

  async measure(options) {
    const { settings } = options;
    const key = `bench-${randomBytes(16).toString('hex')}`;
    const database = databaseName('closing');
    await freshDatabase(database);
    const command = serviceStart();
    log(
      `closing: ${command.line}, ADMIN_API_KEYS set, BILLING_AUTO_CLOSE=false`,
    );
    const server = await startServer('service-closing', command.argv, {
      ...keyedEnv(
        database,
        { ADMIN_API_KEYS: key },
        { BILLING_AUTO_CLOSE: 'false' },
      ),
      ...command.env,
    });
    try {
      const now = new Date();
      const period = periodOf(now, 1);
      const openPeriod = periodOf(now, 0);
      const users = settings.closingUsers;
      const seeding = await seedClosingUsers(server, key, database, users, now);
      const usage = await usageOf(database, period);
      const closed = await closeUnderLoad(
        server,
        key,
        period,
        settings.closingPutRate,
      );
      expectStatus(
        `POST /admin/periods/${period}/close`,
        closed.answer,
        [200, 201],
      );
      const summary = JSON.parse(closed.answer.body) as CloseSummary;
      const checks = [
        seeding.check,
        ...(await verifyClose(database, period, usage, summary)),
      ];
      checks.push(await closedBill(server, key, period));
      checks.push(
        `${closed.during.non2xx + closed.during.errors === 0 ? 'ok' : 'WRONG'}: PUTs during the close: ` +
          `${closed.during.ok} answered 2xx, ${closed.during.non2xx} other, ${closed.during.errors} errors`,
      );
      const figures: NonNullable<ClosingFigures['closing']> = {
        period,
        openPeriod,
        users,
        seeding,
        usage,
        closeSeconds: closed.answer.seconds,
        closeStatus: closed.answer.status,
        summary,
        idleRssMb: closed.idleRssMb,
        peakRssMb: closed.peakRssMb,
        cpu: closed.cpu,
        idle: closed.idle,
        during: closed.during,
        checks,
      };
      const billUsers = { ...CLOSING_USERS, count: Math.min(users, 1000) };
      const periods = { closedBills: period, openBills: openPeriod };
      // Alternating which goes first: a round right after the close meets MariaDB still
      // purging what the close wrote.
      Object.assign(
        figures,
        await alternatingRounds(
          settings.rounds,
          ['closedBills', 'openBills'],
          (which, round) => {
            const asked = periods[which];
            log(
              `  GET round ${round} of ${settings.rounds}: bills of ${asked}`,
            );
            return load(
              server,
              periodBillRequests(billUsers, asked, bearer(key)),
              settings.getSeconds,
              settings,
            );
          },
        ),
      );
      log(
        `    closed ${num(figures.closedBills?.rps)}/s, open ${num(figures.openBills?.rps)}/s`,
      );
      return { closing: figures };
    } finally {
      await stopServer(server);
    }
  },

  report: closingReport,
};
