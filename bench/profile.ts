// --profile: the service under `node --cpu-prof`, once under the PUT load and once under the GET
// load of the large user, each profile summarised over the measured window only, so that
// start-up, warm-up and shutdown are left out.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseName, freshDatabase } from './database.js';
import { billRequests, cannon, putRequests } from './load.js';
import type { Settings } from './options.js';
import { summarise } from './profile-summary.js';
import { LARGE_USER, seed } from './seed.js';
import { startServer, stopServer } from './servers.js';
import { serviceEnv, serviceStart } from './service.js';
import { log, num } from './text.js';

type Kind = 'put' | 'get';

async function profileLoad(
  kind: Kind,
  dir: string,
  database: string,
  settings: Settings,
): Promise<void> {
  const into = join(dir, kind);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const command = serviceStart();
  // The profile's clock starts about when the process does.
  const spawned = Date.now();
  const server = await startServer(
    'service',
    ['--cpu-prof', `--cpu-prof-dir=${into}`, ...command.argv],
    { ...serviceEnv(database), ...command.env },
  );
  const requests =
    kind === 'put' ? putRequests(settings.users) : billRequests(LARGE_USER);
  const seconds = kind === 'put' ? settings.putSeconds : settings.getSeconds;
  const { connections } = settings;
  log(`  service under --cpu-prof: ${kind.toUpperCase()} load`);
  await cannon(server.url, requests, settings.warmupSeconds, connections);
  const from = (Date.now() - spawned) / 1000;
  const result = await cannon(server.url, requests, seconds, connections);
  const until = (Date.now() - spawned) / 1000;
  await stopServer(server);
  const [file] = readdirSync(into).filter((name) =>
    name.endsWith('.cpuprofile'),
  );
  if (file === undefined)
    throw new Error(`the service wrote no profile into ${into}`);
  const summary =
    `${kind.toUpperCase()} under --cpu-prof: ${num(result['2xx'] / result.duration)} req/s, ` +
    `p99 ${num(result.latency.p99)} ms, ${result.non2xx + result.errors} failed ` +
    `(profiling slows the service)\n${join(into, file)}, ` +
    `window ${from.toFixed(1)}-${until.toFixed(1)} s:\n` +
    summarise(join(into, file), { top: 30, from, until });
  writeFileSync(join(dir, `${kind}-summary.txt`), `${summary}\n`);
  process.stdout.write(`\n${summary}\n`);
}

export async function profile(dir: string, settings: Settings): Promise<void> {
  const database = databaseName('profile');
  await freshDatabase(database);
  await seed(database, settings.largeUserCalls);
  for (const kind of ['put', 'get'] as const) {
    await profileLoad(kind, dir, database, settings);
  }
  log(`\nprofiles and summaries in ${dir}`);
}
