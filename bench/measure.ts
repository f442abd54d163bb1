// One server's measurement: its seeded bills checked, the three loads, its peak memory, and
// whether every acknowledged PUT was stored and counted.
import {
  type Schema,
  storedCalls,
  storedLine,
  totalsMatch,
} from './database.js';
import { type Load, billLoad, load, putRequests } from './load.js';
import type { Settings } from './options.js';
import { sleep } from './processes.js';
import { LARGE_USER, SMALL_USER } from './seed.js';
import type { Server } from './servers.js';
import { log } from './text.js';

export interface ServerResult {
  put?: Load;
  getSmall?: Load;
  getLarge?: Load;
  rssMb?: number;
  /** Lines for the report's checks, "ok: ...", "WRONG: ..." or "note: ...". */
  checks: string[];
}

/** Where a server keeps its calls, if anywhere, and whether its database holds the seeds. */
export interface Storage {
  database?: string;
  schema: Schema;
  seeded: boolean;
}

function check(result: ServerResult, line: string): void {
  result.checks.push(line);
  log(`    ${line}`);
}

/** The bill a server gives, to check the seeds are what the load reads. */
async function bill(
  url: string,
  user: string,
): Promise<{ status: number; callCount: number | undefined }> {
  const response = await fetch(`${url}/mobile/${user}/billing`, {
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { call_count?: number };
  return { status: response.status, callCount: body.call_count };
}

async function checkSeeds(
  server: Server,
  result: ServerResult,
  settings: Settings,
): Promise<void> {
  for (const [user, calls] of [
    [SMALL_USER, 10],
    [LARGE_USER, settings.largeUserCalls],
  ] as const) {
    const { status, callCount } = await bill(server.url, user);
    const fine = status === 200 && callCount === calls;
    check(
      result,
      `${fine ? 'ok' : 'WRONG'}: bill of ${user}: ${status}, call_count ${callCount} (expected ${calls})`,
    );
  }
}

/** Every acknowledged PUT must be stored, and counted in the totals. */
async function checkStored(
  database: string,
  schema: Schema,
  put: Load,
  result: ServerResult,
): Promise<void> {
  // In-flight requests get a moment to finish first.
  await sleep(500);
  const stored = await storedCalls(database, 'u', schema);
  const fine = totalsMatch(stored) && stored.calls >= put.acknowledged;
  check(
    result,
    storedLine(fine, `${put.acknowledged} PUTs acknowledged`, stored),
  );
}

/** Failed requests are wrong; a run measured twice, or with much stolen CPU, is noted. */
function checkLoads(result: ServerResult, loads: [string, Load][]): void {
  for (const [what, figures] of loads) {
    if (figures.non2xx + figures.errors > 0) {
      check(
        result,
        `WRONG: ${what}: ${figures.non2xx} non-2xx answers, ${figures.errors} errors (${figures.timeouts} timeouts)`,
      );
    }
    if (figures.attempts > 1 || figures.cpu.steal > 5) {
      result.checks.push(
        `note: ${what}: measured ${figures.attempts} times; the kept run had other processes ` +
          `at ${figures.cpu.other}% of a core, hypervisor steal ${figures.cpu.steal}%`,
      );
    }
  }
}

/** The three loads against one running server. */
export async function measure(
  server: Server,
  storage: Storage,
  settings: Settings,
): Promise<ServerResult> {
  const result: ServerResult = { checks: [] };
  if (storage.seeded) await checkSeeds(server, result, settings);
  log(`  ${server.name}: GET bill of the 10-call user`);
  const getSmall = await billLoad(server, SMALL_USER, settings);
  result.getSmall = getSmall;
  log(
    `  ${server.name}: GET bill of the ${settings.largeUserCalls.toLocaleString('en-US')}-call user`,
  );
  const getLarge = await billLoad(server, LARGE_USER, settings);
  result.getLarge = getLarge;
  log(`  ${server.name}: PUT calls`);
  const put = await load(
    server,
    putRequests(settings.users),
    settings.putSeconds,
    settings,
  );
  result.put = put;
  result.rssMb = server.rss.peakMb();
  if (storage.database !== undefined) {
    await checkStored(storage.database, storage.schema, put, result);
  }
  checkLoads(result, [
    ['GET 10-call user', getSmall],
    ['GET large user', getLarge],
    ['PUT', put],
  ]);
  return result;
}

/**
 * The better of two rounds of one server: each load's faster run (its latencies and CPU with it),
 * the higher peak memory, and every check of both.
 */
export function keepBest(
  kept: ServerResult | undefined,
  next: ServerResult,
): ServerResult {
  if (kept === undefined) return next;
  const faster = (a: Load | undefined, b: Load | undefined) =>
    a === undefined ? b : b === undefined || a.rps >= b.rps ? a : b;
  return {
    put: faster(kept.put, next.put),
    getSmall: faster(kept.getSmall, next.getSmall),
    getLarge: faster(kept.getLarge, next.getLarge),
    rssMb: Math.max(kept.rssMb ?? 0, next.rssMb ?? 0),
    checks: [...kept.checks, ...next.checks],
  };
}
