// The load: autocannon runs against a server, with the CPU each side used, and the requests.
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { type Cpu, cpuMeter } from './meters.js';
import type { Settings } from './options.js';
import type { Server } from './servers.js';
import { log } from './text.js';

/** One load's measured run, and every 2xx answer of its warm-up and runs. */
export interface Load {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  loadavg: number;
  cpu: Cpu;
  attempts: number;
  acknowledged: number;
}

/**
 * CPU (in % of one core) that processes other than the server, MariaDB and this one may use
 * during a measured run before it counts as disturbed and is measured again (once).
 */
export const NOISE_LIMIT = 30;

export function cannon(
  url: string,
  requests: autocannon.Request[],
  seconds: number,
  connections: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, duration: seconds, requests, timeout: 10 },
      (error, result) =>
        error
          ? reject(error instanceof Error ? error : new Error(String(error)))
          : resolve(result),
    );
  });
}

/** One measured run, with the CPU each side used meanwhile. */
async function measuredRun(
  server: Server,
  requests: autocannon.Request[],
  seconds: number,
  connections: number,
  attempt: number,
): Promise<Omit<Load, 'acknowledged'>> {
  const before = loadavg()[0] ?? 0;
  const stopMeter = cpuMeter(server.child.pid ?? 0);
  const result = await cannon(server.url, requests, seconds, connections);
  const cpu = stopMeter();
  return {
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
}

/**
 * One measured run of `seconds` after a warm-up run. A run that other processes on the machine
 * disturbed (another test suite, say) is measured once more, and the less disturbed of the two
 * is kept: noise only ever slows a run down.
 */
export async function load(
  server: Server,
  requests: autocannon.Request[],
  seconds: number,
  settings: Settings,
): Promise<Load> {
  const { connections } = settings;
  const warm = await cannon(
    server.url,
    requests,
    settings.warmupSeconds,
    connections,
  );
  let kept = await measuredRun(server, requests, seconds, connections, 1);
  let acknowledged = warm['2xx'] + kept.ok;
  if (kept.cpu.other > NOISE_LIMIT && !settings.quick) {
    log(
      `    other processes used ${kept.cpu.other}% of a core meanwhile: measuring again`,
    );
    const again = await measuredRun(server, requests, seconds, connections, 2);
    acknowledged += again.ok;
    if (again.cpu.other < kept.cpu.other) kept = again;
    kept.attempts = 2;
  }
  return { ...kept, acknowledged };
}

/** Requests per second of the server's own CPU: steadier than requests/s on a busy machine. */
export function perServerCpuSecond(load: Load | undefined): number | undefined {
  return load === undefined || load.cpu.server === 0
    ? undefined
    : load.rps / (load.cpu.server / 100);
}

/** The faster of the run kept so far (none yet: undefined) and the next one. */
export function faster(kept: Load | undefined, next: Load): Load {
  return kept === undefined || next.rps > kept.rps ? next : kept;
}

/**
 * `rounds` rounds of two loads, `order[0]` first in odd rounds and last in even ones (a load run
 * right after the other meets what that one left behind), keeping each load's fastest run.
 * `run` measures one load in one round; `startRound`, if given, is told of each round first.
 */
export async function alternatingRounds<K extends string>(
  rounds: number,
  order: readonly K[],
  run: (which: K, round: number) => Promise<Load>,
  startRound?: (round: number) => void,
): Promise<Partial<Record<K, Load>>> {
  const fastest: Partial<Record<K, Load>> = {};
  for (let round = 1; round <= rounds; round++) {
    startRound?.(round);
    for (const which of round % 2 === 1 ? order : [...order].reverse()) {
      fastest[which] = faster(fastest[which], await run(which, round));
    }
  }
  return fastest;
}

/**
 * One run of autocannon that ends when `until` settles (or after `maxSeconds`), at `rate`
 * requests per second in all: a steady offered load, for latencies while something else runs.
 */
export function cannonUntil(
  url: string,
  requests: autocannon.Request[],
  options: {
    until: Promise<unknown>;
    connections: number;
    rate: number;
    maxSeconds: number;
  },
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.maxSeconds,
        overallRate: options.rate,
        requests,
        timeout: 10,
      },
      (error, result) =>
        error
          ? reject(error instanceof Error ? error : new Error(String(error)))
          : resolve(result),
    );
    void options.until.finally(() => instance.stop());
  });
}

// Numbered across the whole run, so that no two PUTs of a run carry the same duration.
let putSequence = 0;

export interface PutOptions {
  /** Each call carries one of these, drawn at random; none without. */
  destinations?: readonly string[];
  /** Sent with every request (an API key). */
  headers?: Record<string, string>;
  /** The users' names: this, then the user's number in `userDigits` digits (u0000, u0001, ...). */
  userPrefix?: string;
  userDigits?: number;
}

/** The user of the n-th request: `prefix` and n modulo `users`, in `digits` digits. */
export function userOf(
  n: number,
  users: number,
  prefix = 'u',
  digits = 4,
): string {
  return `${prefix}${String(n % users).padStart(digits, '0')}`;
}

/** PUTs rotating over `users` users (u0000, u0001, ...), each body its own duration. */
export function putRequests(
  users: number,
  options: PutOptions = {},
): autocannon.Request[] {
  const { destinations, headers, userPrefix = 'u', userDigits = 4 } = options;
  return [
    {
      method: 'PUT',
      path: '/mobile/u0000/call',
      headers: { 'content-type': 'application/json', ...headers },
      setupRequest: (request) => {
        const n = putSequence++;
        const duration = (n * 7919) % 3_600_001;
        const destination =
          destinations === undefined || destinations.length === 0
            ? ''
            : `,"destination":"${destinations[Math.floor(Math.random() * destinations.length)]}"`;
        return {
          ...request,
          path: `/mobile/${userOf(n, users, userPrefix, userDigits)}/call`,
          body: `{"call_duration":${duration}${destination}}`,
        };
      },
    },
  ];
}

export function billRequests(
  user: string,
  headers?: Record<string, string>,
): autocannon.Request[] {
  return [{ method: 'GET', path: `/mobile/${user}/billing`, headers }];
}

/** The load of `user`'s bill (all time), for the settings' GET seconds. */
export function billLoad(
  server: Server,
  user: string,
  settings: Settings,
  headers?: Record<string, string>,
): Promise<Load> {
  return load(
    server,
    billRequests(user, headers),
    settings.getSeconds,
    settings,
  );
}

/** Bills of `period`, rotating over `users` users named as {@link userOf} names them. */
export function periodBillRequests(
  users: { count: number; prefix: string; digits: number },
  period: string,
  headers?: Record<string, string>,
): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: 'GET',
      path: `/mobile/${users.prefix}/billing`,
      headers,
      setupRequest: (request) => ({
        ...request,
        path: `/mobile/${userOf(n++, users.count, users.prefix, users.digits)}/billing?period=${period}`,
      }),
    },
  ];
}
