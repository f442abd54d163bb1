// A server under test: node on a free port of 127.0.0.1, its output in a temp log, ready once
// GET /health answers, stopped with its whole process group.
import { type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { RssSampler } from './meters.js';
import { sleep, spawnGroup, stopGroup, tempPath } from './processes.js';

export interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  rss: RssSampler;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port =
        typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The end of a log, for the error when a server does not come up. */
function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts `node ...argv` with `env` and PORT, and waits until GET /health answers 200. */
export async function startServer(
  name: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<Server> {
  const port = await freePort();
  const logPath = tempPath(`${name}-${process.pid}.log`);
  const fd = openSync(logPath, 'w');
  const child = spawnGroup(
    process.execPath,
    argv,
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    ['ignore', fd, fd],
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
  return { name, url, child, rss: new RssSampler(child.pid ?? 0) };
}

export async function stopServer(server: Server): Promise<void> {
  server.rss.stop();
  await stopGroup(server.child, 20_000);
}
