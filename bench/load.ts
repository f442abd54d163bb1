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

// Numbered across the whole run, so that no two PUTs of a run carry the same duration.
let putSequence = 0;

/** PUTs rotating over `users` users (u0000, u0001, ...), each body its own duration. */
export function putRequests(users: number): autocannon.Request[] {
  return [
    {
      method: 'PUT',
      path: '/mobile/u0000/call',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        const n = putSequence++;
        const user = `u${String(n % users).padStart(4, '0')}`;
        return {
          ...request,
          path: `/mobile/${user}/call`,
          body: `{"call_duration":${(n * 7919) % 3_600_001}}`,
        };
      },
    },
  ];
}

export function billRequests(user: string): autocannon.Request[] {
  return [{ method: 'GET', path: `/mobile/${user}/billing` }];
}
