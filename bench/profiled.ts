// A server under `node --cpu-prof` and a list of loads, each profile summarised over each load's
// measured window only, so that start-up, set-up, warm-up and shutdown are left out. With
// `allocations`, the server samples what it allocates instead (allocation-sampler.ts), one heap
// profile per measured window, summarised per request.
import type autocannon from 'autocannon';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summariseAllocations } from './allocation-summary.js';
import { cannon } from './load.js';
import { ROOT, sleep } from './processes.js';
import type { Settings } from './options.js';
import { summarise } from './profile-summary.js';
import { type Server, startServer, stopServer } from './servers.js';
import { log, num } from './text.js';

export interface ProfiledLoad {
  /** Names the summary file: DIR/<label>-summary.txt. */
  label: string;
  requests: autocannon.Request[];
  seconds: number;
}

export interface ProfiledServer {
  name: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Runs once the server answers, before the loads: uploads, seeds. */
  prepare?: (server: Server) => Promise<void>;
  loads: ProfiledLoad[];
}

/** The load's warm-up, then its measured run; `starting` is called between the two. */
async function measuredRun(
  server: Server,
  load: ProfiledLoad,
  settings: Settings,
  starting: () => void,
): Promise<autocannon.Result> {
  await cannon(
    server.url,
    load.requests,
    settings.warmupSeconds,
    settings.connections,
  );
  starting();
  return cannon(server.url, load.requests, load.seconds, settings.connections);
}

/** What a profile records: where the time goes, or what is allocated. */
export type ProfileKind = 'cpu' | 'allocations';

/** Asks the sampler of `server` to start or end a window (allocation-sampler.ts). */
function toggleSampler(server: Server): void {
  server.child.kill('SIGUSR2');
}

/** Waits until the sampler wrote its `n`-th window under `prefix`; that window's file. */
async function samplerWindow(prefix: string, n: number): Promise<string> {
  const path = `${prefix}-${n}.heapprofile`;
  for (let waited = 0; !existsSync(`${path}.done`); waited += 100) {
    if (waited > 60_000) throw new Error(`no allocation profile at ${path}`);
    await sleep(100);
  }
  return path;
}

/**
 * Profiles `target` under each of its loads (the profile in DIR/<name>/); writes and prints each
 * window's summary.
 */
export async function profiled(
  target: ProfiledServer,
  dir: string,
  settings: Settings,
  kind: ProfileKind = 'cpu',
): Promise<void> {
  if (kind === 'allocations') return sampled(target, dir, settings);
  const into = join(dir, target.name);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  // The profile's clock starts about when the process does.
  const spawned = Date.now();
  const server = await startServer(
    target.name,
    ['--cpu-prof', `--cpu-prof-dir=${into}`, ...target.argv],
    target.env,
    target.cwd,
  );
  const windows: {
    load: ProfiledLoad;
    from: number;
    until: number;
    head: string;
  }[] = [];
  try {
    await target.prepare?.(server);
    for (const load of target.loads) {
      log(`  ${target.name} under --cpu-prof: ${load.label}`);
      let from = 0;
      const result = await measuredRun(server, load, settings, () => {
        from = (Date.now() - spawned) / 1000;
      });
      const until = (Date.now() - spawned) / 1000;
      windows.push({
        load,
        from,
        until,
        head:
          `${target.name}, ${load.label} under --cpu-prof: ${num(result['2xx'] / result.duration)} req/s, ` +
          `p99 ${num(result.latency.p99)} ms, ${result.non2xx + result.errors} failed (profiling slows the service)`,
      });
    }
  } finally {
    await stopServer(server);
  }
  const [file] = readdirSync(into).filter((name) =>
    name.endsWith('.cpuprofile'),
  );
  if (file === undefined)
    throw new Error(`${target.name} wrote no profile into ${into}`);
  for (const { load, from, until, head } of windows) {
    const summary =
      `${head}\n${join(into, file)}, window ${from.toFixed(1)}-${until.toFixed(1)} s:\n` +
      summarise(join(into, file), { top: 30, from, until });
    writeFileSync(join(dir, `${load.label}-summary.txt`), `${summary}\n`);
    process.stdout.write(`\n${summary}\n`);
  }
}

/** {@link profiled}, counting what the server allocates in each measured window. */
async function sampled(
  target: ProfiledServer,
  dir: string,
  settings: Settings,
): Promise<void> {
  const into = join(dir, target.name);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const prefix = join(into, 'window');
  const sampler = pathToFileURL(join(ROOT, 'dist/bench/allocation-sampler.js'));
  const server = await startServer(
    target.name,
    [`--import=${sampler.href}`, ...target.argv],
    { ...target.env, BENCH_ALLOCATIONS_PREFIX: prefix },
    target.cwd,
  );
  const windows: { load: ProfiledLoad; requests: number; head: string }[] = [];
  try {
    await target.prepare?.(server);
    for (const load of target.loads) {
      log(`  ${target.name}, allocations sampled: ${load.label}`);
      const result = await measuredRun(server, load, settings, () =>
        toggleSampler(server),
      );
      toggleSampler(server);
      const requests = result['2xx'] + result.non2xx;
      windows.push({
        load,
        requests,
        head:
          `${target.name}, ${load.label}, allocations sampled: ${num(result['2xx'] / result.duration)} req/s, ` +
          `${result.non2xx + result.errors} failed (sampling slows the service)`,
      });
    }
    for (const [index, { load, requests, head }] of windows.entries()) {
      const path = await samplerWindow(prefix, index + 1);
      const summary = `${head}\n${path}:\n${summariseAllocations(path, requests, 30)}`;
      writeFileSync(join(dir, `${load.label}-allocations.txt`), `${summary}\n`);
      process.stdout.write(`\n${summary}\n`);
    }
  } finally {
    await stopServer(server);
  }
}
