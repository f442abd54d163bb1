// The servers phase: the service (and, when the build can cluster, the service on two workers),
// the raw server and the ceiling server under the same three loads, in rounds.
//
// Each round measures every server once, one after another; a load's best round is kept for
// each server. Noise on a shared machine only ever slows a run down, and alternating the
// servers spreads a slow spell over all of them instead of one.
import { type Schema, databaseName, freshDatabase } from '../database.js';
import {
  type ServerResult,
  type Storage,
  keepBest,
  measure,
} from '../measure.js';
import type { Options, ServerName } from '../options.js';
import type { Phase } from '../phase.js';
import { seed } from '../seed.js';
import { type Server, startServer, stopServer } from '../servers.js';
import { clusterSupport, serviceEnv, serviceStart } from '../service.js';
import { log } from '../text.js';
import { serversReport } from './servers-report.js';

export interface Cluster {
  supported: boolean;
  note: string;
  result?: ServerResult;
  processes?: number;
  largestProcessMb?: number;
}

export interface ServersFigures {
  servers: Partial<Record<ServerName, ServerResult>>;
  cluster: Cluster;
}

async function measureAndStop(
  server: Server,
  storage: Storage,
  options: Options,
): Promise<ServerResult> {
  const result = await measure(server, storage, options.settings);
  await stopServer(server);
  return result;
}

/** The database for `purpose`: fresh and seeded in the first round, then as the last round left it. */
async function databaseFor(
  purpose: Schema,
  round: number,
  options: Options,
): Promise<string> {
  const database = databaseName(purpose);
  if (round === 1) {
    await freshDatabase(database, purpose);
    await seed(database, options.settings.largeUserCalls, purpose);
  }
  return database;
}

async function measureService(
  round: number,
  figures: ServersFigures,
  options: Options,
): Promise<void> {
  const command = serviceStart();
  log(`service: ${command.line}`);
  const database = await databaseFor('service', round, options);
  const env = { ...serviceEnv(database), ...command.env };
  const storage: Storage = { database, schema: 'service', seeded: true };
  figures.servers.service = keepBest(
    figures.servers.service,
    await measureAndStop(
      await startServer('service', command.argv, env),
      storage,
      options,
    ),
  );
  const { cluster } = figures;
  if (!cluster.supported) {
    if (round === 1) log(`service: WEB_CONCURRENCY=2: n/a (${cluster.note})`);
    return;
  }
  log('service: WEB_CONCURRENCY=2');
  const workers = await startServer('service-cluster', command.argv, {
    ...env,
    WEB_CONCURRENCY: '2',
  });
  cluster.result = keepBest(
    cluster.result,
    await measureAndStop(workers, storage, options),
  );
  cluster.processes = workers.rss.processes;
  cluster.largestProcessMb = Math.max(
    cluster.largestProcessMb ?? 0,
    workers.rss.largestProcessMb(),
  );
}

async function measureRaw(
  round: number,
  figures: ServersFigures,
  options: Options,
): Promise<void> {
  log('raw: node bench/raw-server.js');
  const database = await databaseFor('raw', round, options);
  const server = await startServer(
    'raw',
    ['bench/raw-server.js'],
    serviceEnv(database),
  );
  figures.servers.raw = keepBest(
    figures.servers.raw,
    await measureAndStop(
      server,
      { database, schema: 'raw', seeded: true },
      options,
    ),
  );
}

async function measureCeiling(
  figures: ServersFigures,
  options: Options,
): Promise<void> {
  log('ceiling: node bench/ceiling-server.js (no database)');
  const server = await startServer(
    'ceiling',
    ['bench/ceiling-server.js'],
    serviceEnv('none'),
  );
  figures.servers.ceiling = keepBest(
    figures.servers.ceiling,
    await measureAndStop(server, { schema: 'raw', seeded: false }, options),
  );
}

export const serversPhase: Phase<ServersFigures> = {
  name: 'servers',
  async measure(options) {
    const figures: ServersFigures = { servers: {}, cluster: clusterSupport() };
    const { rounds } = options.settings;
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) log(`round ${round} of ${rounds}`);
      if (options.servers.includes('service'))
        await measureService(round, figures, options);
      if (options.servers.includes('raw'))
        await measureRaw(round, figures, options);
      if (options.servers.includes('ceiling'))
        await measureCeiling(figures, options);
    }
    return figures;
  },
  report: serversReport,
};
