// A server under `node --cpu-prof` and a list of loads, each profile summarised over each load's
// measured window only, so that start-up, set-up, warm-up and shutdown are left out.
import type autocannon from 'autocannon';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cannon } from './load.js';
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

/**
 * Profiles `target` under each of its loads (the profile in DIR/<name>/); writes and prints each
 * window's summary.
 */
export async function profiled(
  target: ProfiledServer,
  dir: string,
  settings: Settings,
): Promise<void> {
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
      const { connections } = settings;
      await cannon(
        server.url,
        load.requests,
        settings.warmupSeconds,
        connections,
      );
      const from = (Date.now() - spawned) / 1000;
      const result = await cannon(
        server.url,
        load.requests,
        load.seconds,
        connections,
      );
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
