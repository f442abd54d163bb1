// The rating phase's PUTs (issue 12): this build rating every call by its destination, drawn at
// random from a deck in force, against the build before rating (no destination: it has none)
// and the raw server, each on a fresh database of its own, in alternating rounds. Each round
// starts every server afresh: a process can settle into a slower garbage-collection mode for its
// whole life, so one process per build would move the ratios by the luck of that one start.
import { bearer } from '../admin.js';
import {
  type Schema,
  databaseBytes,
  databaseName,
  freshDatabase,
  rowsOf,
  storedCalls,
  storedLine,
  totalsMatch,
  withConnection,
} from '../database.js';
import {
  type Load,
  faster,
  load,
  perServerCpuSecond,
  putRequests,
} from '../load.js';
import type { Options } from '../options.js';
import { type Server, startServer, stopServer } from '../servers.js';
import { keyedEnv, serviceEnv, serviceStart } from '../service.js';
import { log, num } from '../text.js';

export type Build = 'rating' | 'before' | 'raw';
export const BUILDS: readonly Build[] = ['rating', 'before', 'raw'];

export interface PutFigures {
  /** Each build's fastest round. */
  loads: Partial<Record<Build, Load>>;
  /** Each build's database, rows and indexes, per call stored by its rounds. */
  bytesPerCall: Partial<Record<Build, number>>;
  checks: string[];
}

/** One build under the PUT load: how its server starts, the requests it takes, where it stores them. */
interface Contender {
  build: Build;
  start: () => Promise<Server>;
  database: string;
  schema: Schema;
  requests: ReturnType<typeof putRequests>;
  acknowledged: number;
}

/** The build before rating, keyed like this one, on a database made by its own migrations. */
async function startBefore(
  dir: string,
  key: string,
  options: Options,
): Promise<Contender> {
  const database = databaseName('rating_before');
  await freshDatabase(database, 'service', dir);
  const command = serviceStart(dir);
  log(`before (${dir}): ${command.line}`);
  return {
    build: 'before',
    start: () =>
      startServer(
        'before',
        command.argv,
        { ...keyedEnv(database, { API_KEYS: key }), ...command.env },
        dir,
      ),
    database,
    // Its tables are the ones the raw server's schema copies.
    schema: 'raw',
    requests: putRequests(options.settings.users, { headers: bearer(key) }),
    acknowledged: 0,
  };
}

async function startRaw(options: Options): Promise<Contender> {
  const database = databaseName('rating_raw');
  await freshDatabase(database, 'raw');
  log('raw: node bench/raw-server.js');
  return {
    build: 'raw',
    start: () =>
      startServer('raw', ['bench/raw-server.js'], serviceEnv(database)),
    database,
    schema: 'raw',
    requests: putRequests(options.settings.users),
    acknowledged: 0,
  };
}

/**
 * Whether every call of the PUTs was rated by the deck's version with the longest prefix of its
 * destination: read back from the calls, checked against the deck.
 */
async function checkRating(
  database: string,
  deck: ReadonlySet<string>,
  deckFrom: Date,
): Promise<string> {
  return withConnection(database, async (db) => {
    const rows = await rowsOf(
      db,
      "SELECT destination, rate_prefix, rate_version FROM calls WHERE user_name LIKE 'u%' " +
        'ORDER BY id DESC LIMIT 50000',
    );
    let wrong = 0;
    for (const row of rows) {
      const destination =
        typeof row.destination === 'string' ? row.destination : '';
      let longest = '';
      for (let length = destination.length; length > 0; length--) {
        if (deck.has(destination.slice(0, length))) {
          longest = destination.slice(0, length);
          break;
        }
      }
      const version =
        row.rate_version instanceof Date
          ? row.rate_version.getTime()
          : new Date(`${String(row.rate_version)}Z`).getTime();
      if (row.rate_prefix !== longest || version !== deckFrom.getTime())
        wrong++;
    }
    return (
      `${wrong === 0 && rows.length > 0 ? 'ok' : 'WRONG'}: the last ${rows.length} PUT calls: ` +
      `${rows.length - wrong} rated by the ${deck.size.toLocaleString('en-US')}-prefix version ` +
      'with the longest prefix of their destination'
    );
  });
}

/**
 * The PUT rounds: `rating` (this build, its deck in force; `start` starts one more process of
 * it) against the build before rating and the raw server, every server started for its round
 * and stopped after it.
 */
export async function measurePuts(
  rating: { start: () => Promise<Server>; database: string; key: string },
  before: { dir: string },
  deck: { prefixes: ReadonlySet<string>; from: Date; dialled: string[] },
  options: Options,
): Promise<PutFigures> {
  const { settings } = options;
  const contenders: Contender[] = [
    {
      build: 'rating',
      start: rating.start,
      database: rating.database,
      schema: 'service',
      requests: putRequests(settings.users, {
        destinations: deck.dialled,
        headers: bearer(rating.key),
      }),
      acknowledged: 0,
    },
    await startBefore(before.dir, rating.key, options),
    await startRaw(options),
  ];
  const figures: PutFigures = { loads: {}, bytesPerCall: {}, checks: [] };
  for (let round = 1; round <= settings.putRounds; round++) {
    log(
      `  PUT round ${round} of ${settings.putRounds}, each server started afresh`,
    );
    for (const contender of contenders) {
      log(`    ${contender.build}: PUT calls`);
      const server = await contender.start();
      try {
        const run = await load(
          server,
          contender.requests,
          settings.putSeconds,
          settings,
        );
        log(
          `      ${num(run.rps)} calls/s, ${num(perServerCpuSecond(run))} per server CPU-second`,
        );
        contender.acknowledged += run.acknowledged;
        figures.loads[contender.build] = faster(
          figures.loads[contender.build],
          run,
        );
      } finally {
        await stopServer(server);
      }
    }
  }
  for (const contender of contenders) {
    const stored = await storedCalls(contender.database, 'u', contender.schema);
    const fine = totalsMatch(stored) && stored.calls >= contender.acknowledged;
    figures.bytesPerCall[contender.build] =
      (await databaseBytes(contender.database)) / stored.calls;
    figures.checks.push(
      `${contender.build === 'rating' ? 'this build' : contender.build}: ${storedLine(fine, `${contender.acknowledged} PUTs acknowledged`, stored)}`,
    );
  }
  figures.checks.push(
    `this build: ${await checkRating(rating.database, deck.prefixes, deck.from)}`,
  );
  return figures;
}
