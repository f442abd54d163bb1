// The servers phase in the report: one row per figure, a column per server, and the targets of
// the service against the raw and ceiling servers.
import { type Load, NOISE_LIMIT, perServerCpuSecond } from '../load.js';
import type { ServerResult } from '../measure.js';
import type { Options, Settings } from '../options.js';
import type { PhaseReport, Row, Target } from '../phase.js';
import { serviceStart } from '../service.js';
import { num } from '../text.js';
import type { Cluster, ServersFigures } from './servers.js';

/** One figure of a server's result. */
type Figure = (result: ServerResult) => number | undefined;
type RowOf = (label: string, figure: Figure, digits?: number) => Row;

function header(cluster: Cluster, settings: Settings): string[] {
  const s = settings;
  const seen = cluster.supported
    ? `${cluster.processes ?? '?'} processes seen`
    : `n/a: ${cluster.note}`;
  return [
    `PUT: ${s.connections} connections over ${s.users} users, ` +
      `${s.putSeconds} s after ${s.warmupSeconds} s warm-up; GET: ` +
      `${s.connections} connections, ${s.getSeconds} s after ` +
      `${s.warmupSeconds} s warm-up${s.quick ? '  (--quick: NOT comparable)' : ''}`,
    `each server measured in ${s.rounds} round(s), alternating; the fastest run of each load kept`,
    `service = ${serviceStart().line}; service x2 = the same with WEB_CONCURRENCY=2 (${seen})`,
  ];
}

/** Rows of the figures, a cell per column: '-' for a server not measured, n/a if it cannot be. */
function rowOf({ servers, cluster }: ServersFigures): RowOf {
  const columns: [ServerResult | undefined, string][] = [
    [servers.service, '-'],
    [cluster.result, cluster.supported ? '-' : 'n/a'],
    [servers.raw, '-'],
    [servers.ceiling, '-'],
  ];
  return (label, figure, digits = 0) => ({
    label,
    cells: columns.map(([result, missing]) =>
      result === undefined ? missing : num(figure(result), digits),
    ),
  });
}

function failed(result: ServerResult): number {
  return [result.put, result.getSmall, result.getLarge].reduce(
    (sum, l) => sum + (l === undefined ? 0 : l.non2xx + l.errors),
    0,
  );
}

function cpuRows(
  row: RowOf,
  what: string,
  pick: (result: ServerResult) => Load | undefined,
): Row[] {
  return [
    row(`CPU %, ${what}: server (100 = 1 core)`, (r) => pick(r)?.cpu.server),
    row(`CPU %, ${what}: MariaDB`, (r) => pick(r)?.cpu.mariadb),
    row(`CPU %, ${what}: autocannon`, (r) => pick(r)?.cpu.bench),
    row(`CPU %, ${what}: other processes`, (r) => pick(r)?.cpu.other),
    row(`CPU %, ${what}: interrupts (network)`, (r) => pick(r)?.cpu.interrupts),
  ];
}

function rows(figures: ServersFigures, settings: Settings): Row[] {
  const row = rowOf(figures);
  const large = `${num(settings.largeUserCalls)}-call user`;
  return [
    row('PUT calls/s', (r) => r.put?.rps),
    row('PUT p50 latency, ms', (r) => r.put?.p50),
    row('PUT p99 latency, ms', (r) => r.put?.p99),
    row('GET bills/s, 10-call user', (r) => r.getSmall?.rps),
    row('GET p99 latency, ms, 10-call user', (r) => r.getSmall?.p99),
    row(`GET bills/s, ${large}`, (r) => r.getLarge?.rps),
    row(`GET p99 latency, ms, ${large}`, (r) => r.getLarge?.p99),
    row('PUT calls per server CPU-second', (r) => perServerCpuSecond(r.put)),
    row('GET bills per server CPU-second, 10-call', (r) =>
      perServerCpuSecond(r.getSmall),
    ),
    row('peak RSS, MB (all processes)', (r) => r.rssMb, 1),
    row('failed requests (non-2xx + errors)', failed),
    ...cpuRows(row, 'PUT', (r) => r.put),
    ...cpuRows(row, 'GET 10-call', (r) => r.getSmall),
  ];
}

function ratio(a: number | undefined, b: number | undefined) {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

type Definition = Pick<Target, 'target' | 'goal' | 'unit' | 'passes'> & {
  figure: Figure;
};

function targets(
  { servers, cluster }: ServersFigures,
  settings: Settings,
): Target[] {
  const { service, raw, ceiling } = servers;
  const definitions: Definition[] = [
    {
      target: 'PUT calls/s vs raw',
      goal: '>= 3x',
      unit: 'x',
      figure: (r) => ratio(r.put?.rps, raw?.put?.rps),
      passes: (v) => v >= 3,
    },
    {
      target: 'PUT calls/s vs ceiling',
      goal: '>= 0.3x',
      unit: 'x',
      figure: (r) => ratio(r.put?.rps, ceiling?.put?.rps),
      passes: (v) => v >= 0.3,
    },
    {
      target: 'GET bills/s vs raw (10-call user)',
      goal: '>= 0.8x',
      unit: 'x',
      figure: (r) => ratio(r.getSmall?.rps, raw?.getSmall?.rps),
      passes: (v) => v >= 0.8,
    },
    {
      target: `GET bills/s, ${num(settings.largeUserCalls)} vs 10 calls`,
      goal: '>= 0.9x',
      unit: 'x',
      figure: (r) => ratio(r.getLarge?.rps, r.getSmall?.rps),
      passes: (v) => v >= 0.9,
    },
    {
      target: 'PUT p99 vs raw',
      goal: '<= 1x',
      unit: 'x',
      figure: (r) => ratio(r.put?.p99, raw?.put?.p99),
      passes: (v) => v <= 1,
    },
    {
      target: 'peak RSS (all processes)',
      goal: '<= 150 MB',
      unit: ' MB',
      figure: (r) => r.rssMb,
      passes: (v) => v <= 150,
    },
  ];
  return definitions.map(({ figure, ...definition }) => ({
    ...definition,
    service: service === undefined ? undefined : figure(service),
    serviceX2:
      cluster.result === undefined ? undefined : figure(cluster.result),
    serviceOnly: false,
  }));
}

function checks({ servers, cluster }: ServersFigures): string[] {
  return [
    ...Object.entries(servers).flatMap(([name, result]) =>
      result.checks.map((check) => `${name}: ${check}`),
    ),
    ...(cluster.result?.checks ?? []).map((check) => `service x2: ${check}`),
  ];
}

/** How much other processes disturbed the kept runs: the worst of them. */
function noise({ servers, cluster }: ServersFigures): string {
  const runs: [string, ServerResult | undefined][] = [
    ...Object.entries(servers),
    ['service x2', cluster.result],
  ];
  let worst = { name: '-', other: 0 };
  for (const [name, result] of runs) {
    for (const load of [result?.put, result?.getSmall, result?.getLarge]) {
      if (load !== undefined && load.cpu.other > worst.other)
        worst = { name, other: load.cpu.other };
    }
  }
  return (
    `other processes on the machine used at most ${worst.other}% of a core during a kept run ` +
    `(${worst.name}); runs above ${NOISE_LIMIT}% are measured twice and the calmer kept`
  );
}

export function serversReport(
  figures: ServersFigures,
  { settings }: Options,
): PhaseReport {
  return {
    header: header(figures.cluster, settings),
    rows: rows(figures, settings),
    targets: targets(figures, settings),
    checks: checks(figures),
    notes: [noise(figures)],
  };
}
