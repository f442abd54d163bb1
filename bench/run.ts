// `npm run bench`: the service's production build against MariaDB/MySQL on 127.0.0.1:3306,
// measured side by side with two minimal servers kept here, and judged against issue 5's targets.
//
//   service  node dist/main.js (the real thing: Nest, TypeORM, group commit, running totals)
//   raw      bench/raw-server.js (Fastify + mysql2, one transaction per PUT: the conventional way)
//   ceiling  bench/ceiling-server.js (Fastify, fixed answers, no database: this machine's HTTP limit)
//
// The run is a list of phases (phase.ts), each measuring one thing and reporting it:
//   servers  PUT calls/s and p50/p99 at 64 connections over 1,000 users, GET bills/s and p99 for
//            a user with 10 calls and one with 1,000,000 (seeded in SQL, with their totals), peak
//            RSS and the CPU each side used, for each server and, when the build reads
//            WEB_CONCURRENCY (a cluster), the service on two workers;
//   import   the service's CSV import of 1,000,000 calls;
//   rating   (issue 12) PUT calls/s with destinations from a 100,000-prefix deck against the build
//            before rating (--before-commit, built in --before-dir) and the raw server, in
//            alternating rounds; bills/s of a user with 1,000,000 calls over 12 months and 50 rates
//            against a 10-call user's; a 1,000,000-prefix deck's upload and the memory it takes;
//   closing  (issue 13) a period of 1,000,000 users closed while PUTs go on: seconds, invoices/s,
//            peak RSS, PUT p99 against idle; the invoice numbers and totals checked; closed
//            against open bills.
// A run that other processes disturbed is measured once more. Prints one table and writes
// bench/results/latest.txt and latest.json. See docs/performance.md.
//
// Options: --no-build (use dist/ as it is), --quick (short runs and 100,000-row seeds, to try the
// harness; its figures are not comparable), --only=PHASES,SERVERS (phases: servers, import,
// rating, closing; servers of the servers phase: service, raw, ceiling; e.g. --only=rating, or
// --only=service,raw for the servers phase and the import with those two), --no-import,
// --connections=64, --users=1000, --rounds=2 (each server measured that many times, alternating,
// the best run of each load kept), --profile=DIR (only the service, under `node --cpu-prof`: a PUT
// run and a GET run, each profile summarised over its measured window into DIR; with
// --only=rating, the build before rating under its PUTs and this build under the rating phase's
// PUTs and bills), --allocations (with --profile: each measured window's allocations, sampled,
// per request, instead of the time),
// --closing-users=N (1,000,000), --before-commit=2f542f2, --before-dir=/tmp/bench-before.
// Environment: BENCH_DB_PORT (3306), BENCH_DB_USER (root), BENCH_DB_PASSWORD (empty).
import { dropDatabases } from './database.js';
import { machine } from './machine.js';
import { DB, type Options, parseOptions } from './options.js';
import type { Phase, PhaseReport } from './phase.js';
import { closingPhase } from './phases/closing.js';
import { importPhase } from './phases/import.js';
import { ratingPhase } from './phases/rating.js';
import { serversPhase } from './phases/servers.js';
import { handleExits, shutdown } from './processes.js';
import { profile } from './profile.js';
import { profileRating } from './profile-rating.js';
import { render } from './render.js';
import { writeResults } from './results.js';
import { build } from './service.js';
import { log } from './text.js';

/** The whole run is stopped past this, whatever it is doing. */
const HARD_LIMIT_MS = 60 * 60_000;

// In this order: the import goes into the service's database as the servers phase left it. A
// phase's report gets the figures its own measure gave, whatever their type.
const PHASES: Phase<object>[] = [
  serversPhase,
  importPhase,
  ratingPhase,
  closingPhase,
];

/** A phase that failed: its error among the checks, nothing measured. */
function failedReport(name: string, message: string): PhaseReport {
  const [first] = message.split('\n');
  return {
    header: [],
    rows: [],
    targets: [],
    checks: [`WRONG: the ${name} phase failed: ${first ?? ''}`],
    notes: [],
  };
}

/** The run; its exit code: 1 when a phase failed. */
async function main(options: Options): Promise<number> {
  const started = new Date();
  await build(options.build);
  const host = await machine();
  if (host.mariadb === 'unknown') {
    throw new Error(
      `no MySQL/MariaDB answers on ${DB.host}:${DB.port} as ${DB.user}`,
    );
  }
  if (options.profile !== undefined) {
    await (options.phases.length === 1 && options.phases[0] === 'rating'
      ? profileRating(options.profile, options)
      : profile(options.profile, options.settings, options.profileKind));
    return 0;
  }
  let figures = {};
  const reports: PhaseReport[] = [];
  const failed: Record<string, string> = {};
  for (const phase of PHASES.filter(({ name }) =>
    options.phases.includes(name),
  )) {
    let measured: object;
    try {
      measured = await phase.measure(options);
    } catch (error) {
      // The phase stopped its own servers on the way out; the others still run.
      const message = error instanceof Error ? error.message : String(error);
      log(`the ${phase.name} phase failed: ${message}`);
      failed[phase.name] = message;
      reports.push(failedReport(phase.name, message));
      continue;
    }
    figures = { ...figures, ...measured };
    reports.push(phase.report(measured, options));
  }
  const { text, targets } = render(started, host, reports);
  const args = process.argv.slice(2);
  const written = writeResults(text, {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    machine: host,
    settings: options.settings,
    ...figures,
    failed,
    targets,
  });
  process.stdout.write(`\n${text}\n\nwritten: ${written.join(', ')}\n`);
  return Object.keys(failed).length === 0 ? 0 : 1;
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(
    `bench: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(2);
}
handleExits(dropDatabases, HARD_LIMIT_MS);
main(options).then(
  (code) => shutdown(code, code === 0 ? undefined : 'a phase failed'),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return shutdown(1, 'failed');
  },
);
