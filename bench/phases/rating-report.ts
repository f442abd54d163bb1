// The rating phase in the report: a table of its own (this build, the build before rating, the
// raw server), the targets of issue 12 and the checks.
import { type Load, perServerCpuSecond } from '../load.js';
import type { Options } from '../options.js';
import {
  EMPTY_REPORT,
  serviceTarget,
  type PhaseReport,
  type Row,
} from '../phase.js';
import { num } from '../text.js';
import type { RatingFigures } from './rating.js';
import { BUILDS, type Build } from './rating-put.js';

const COLUMNS = ['this build', 'before', 'raw'];
/** The baseline: the service's peak RSS under load before rating. */
const RSS_BEFORE_MB = 150;

function ratio(a: number | undefined, b: number | undefined) {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** MariaDB's CPU time per acknowledged call of a load. */
function mariadbMicrosPerCall(load: Load | undefined): number | undefined {
  return load === undefined || load.rps === 0
    ? undefined
    : (load.cpu.mariadb / 100 / load.rps) * 1e6;
}

export function ratingReport(
  { rating }: RatingFigures,
  { settings }: Options,
): PhaseReport {
  if (rating === undefined) return EMPTY_REPORT;
  const { put, bills, deck, before } = rating;
  const loads = put.loads;
  const builds = (label: string, figure: (build: Build) => string): Row => ({
    label,
    cells: BUILDS.map(figure),
  });
  const mine = (label: string, cell: string): Row => ({
    label,
    cells: [cell, '-', '-'],
  });
  const raw = loads.raw?.rps;
  const large = `${num(settings.largeUserCalls)} calls/12 mo/${settings.billRates} rates`;
  const rows: Row[] = [
    builds('PUT calls/s', (b) => num(loads[b]?.rps)),
    builds('PUT p50 / p99 latency, ms', (b) =>
      loads[b] === undefined
        ? '-'
        : `${num(loads[b].p50)} / ${num(loads[b].p99)}`,
    ),
    builds('PUT calls per server CPU-second', (b) =>
      num(perServerCpuSecond(loads[b])),
    ),
    builds('PUT calls/s vs raw', (b) => num(ratio(loads[b]?.rps, raw), 2)),
    builds('CPU %, PUT: server / MariaDB', (b) =>
      loads[b] === undefined
        ? '-'
        : `${loads[b].cpu.server} / ${loads[b].cpu.mariadb}`,
    ),
    builds('MariaDB CPU per PUT call, µs', (b) =>
      num(mariadbMicrosPerCall(loads[b])),
    ),
    builds('database bytes per stored call', (b) => num(put.bytesPerCall[b])),
    mine('GET bills/s, 10-call user', num(bills.small?.rps)),
    mine(
      `GET bills/s, ${settings.billRates} calls/${settings.billRates} rates`,
      num(bills.spread?.rps),
    ),
    mine(`GET bills/s, ${large}`, num(bills.large?.rps)),
    mine(
      `  ${num(settings.largeUserCalls)} vs ${settings.billRates} calls, as many lines`,
      num(ratio(bills.large?.rps, bills.spread?.rps), 2),
    ),
    mine(
      'GET bills per CPU-second, 10-call user',
      num(perServerCpuSecond(bills.small)),
    ),
    mine(
      `GET bills per CPU-second, ${num(settings.largeUserCalls)} calls`,
      num(perServerCpuSecond(bills.large)),
    ),
    mine(
      'GET p99 latency, ms, 10-call / large',
      `${num(bills.small?.p99)} / ${num(bills.large?.p99)}`,
    ),
    mine(
      'seeding by POST /calls/batch, calls/s',
      num(bills.seeding.calls / bills.seeding.seconds),
    ),
    mine(
      `${num(rating.deckPrefixes)}-prefix deck upload, s`,
      num(rating.deckUploadSeconds, 1),
    ),
    mine(`${num(deck.rates)}-rate deck upload, s`, num(deck.uploadSeconds, 1)),
    mine('  its CSV, MB', num(deck.csvMb, 1)),
    mine('  service RSS idle before it, MB', num(deck.idleRssMb, 1)),
    mine(
      '  service peak RSS to its end (VmHWM), MB',
      num(deck.peakAfterUploadMb, 1),
    ),
    mine('  service RSS after it (VmRSS), MB', num(deck.rssAfterUploadMb, 1)),
    mine('  PUT calls/s dialling it', num(deck.put?.rps)),
    mine(
      '  service peak RSS under those PUTs, MB',
      num(deck.peakUnderLoadMb, 1),
    ),
  ];
  const targets = [
    serviceTarget(
      'rating: PUT calls/s vs before rating',
      '>= 0.9x',
      'x',
      (v) => v >= 0.9,
      ratio(loads.rating?.rps, loads.before?.rps),
    ),
    serviceTarget(
      'rating: PUT calls/s vs raw',
      '>= 3x',
      'x',
      (v) => v >= 3,
      ratio(loads.rating?.rps, raw),
    ),
    serviceTarget(
      `rating: bills/s, ${num(settings.largeUserCalls)} vs 10 calls`,
      '>= 0.9x',
      'x',
      (v) => v >= 0.9,
      ratio(bills.large?.rps, bills.small?.rps),
    ),
    serviceTarget(
      `rating: ${num(deck.rates)}-rate deck, peak over idle`,
      '<= 100 MB',
      ' MB',
      (v) => v <= 100,
      deck.peakAfterUploadMb - deck.idleRssMb,
    ),
    serviceTarget(
      `rating: peak RSS, PUTs with that deck`,
      `<= ${RSS_BEFORE_MB + 100} MB`,
      ' MB',
      (v) => v <= RSS_BEFORE_MB + 100,
      deck.peakUnderLoadMb,
    ),
  ];
  return {
    header: [],
    rows: [],
    tables: [
      {
        title: [
          'rating (issue 12):',
          `this build keyed with ADMIN_API_KEYS, the build before rating (${before.commit.slice(0, 7)}, ${before.dir}) ` +
            'with API_KEYS (every request sends the key to both), the raw server without; each on a fresh database',
          `PUT ${settings.connections} connections over ${settings.users} users, ${settings.putSeconds} s after ` +
            `${settings.warmupSeconds} s warm-up, ${settings.putRounds} alternating round(s), every server started afresh for each, the fastest kept; this build's calls ` +
            `each dial a number under a prefix drawn at random from the ${num(rating.deckPrefixes)}-prefix deck in force ` +
            '(the others take no destination)',
        ],
        columns: COLUMNS,
        rows,
      },
    ],
    targets,
    checks: [
      ...put.checks.map((check) => `rating: ${check}`),
      ...bills.checks.map((check) => `rating: ${check}`),
      ...deck.checks.map((check) => `rating: ${check}`),
    ],
    notes: [],
  };
}
