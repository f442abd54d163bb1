// A server under test: node on a free port of 127.0.0.1 in the bench's range (18400-18499), its
// output in a temp log, ready once GET /health answers, stopped with its whole process group.
import { type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { RssSampler } from './meters.js';
import { sleep, spawnGroup, stopGroup, tempPath } from './processes.js';

export interface Server {
  name: string;
  url: string;
  port: number;
  /** Its log file, for a check that fails. */
  logPath: string;
  child: ChildProcess;
  rss: RssSampler;
}

/** The ports the bench's servers may listen on. */
const PORTS = { first: 18400, last: 18499 };
/** Ports handed out, each to one server of this run (several run at once). */
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The next port of the range that nothing listens on and no other server of this run got. */
async function freePort(): Promise<number> {
  for (let port = PORTS.first; port <= PORTS.last; port++) {
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${PORTS.first}-${PORTS.last}`);
}

/** The end of a log, for the error when a server does not come up. */
function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts `node ...argv` in `cwd` (the repository) with `env` and PORT, and waits until GET
 * /health answers 200.
 */
export async function startServer(
  name: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<Server> {
  const port = await freePort();
  const logPath = tempPath(`${name}-${process.pid}.log`);
  const fd = openSync(logPath, 'w');
  const child = spawnGroup(
    process.execPath,
    argv,
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    ['ignore', fd, fd],
    cwd,
  );
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited at start:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${url}/health`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} did not answer within 60 s:\n${tail(logPath)}`);
    }
    await sleep(200);
  }
  return {
    name,
    url,
    port,
    logPath,
    child,
    rss: new RssSampler(child.pid ?? 0),
  };
}

export async function stopServer(server: Server): Promise<void> {
  server.rss.stop();
  await stopGroup(server.child, 20_000);
  handedOut.delete(server.port);
}

/** The end of a server's log: what it said before a check failed. */
export function logTail(server: Server): string {
  return tail(server.logPath);
}
