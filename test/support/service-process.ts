import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_ROOT = join(ROOT, 'dist');
export const DIST_MAIN = join(DIST_ROOT, 'main.js');

/**
 * The variables the service reads: a child gets only the ones its test gives it. A pattern, so
 * that a setting added later (another DB_…) is kept from the child too.
 */
const SERVICE_VARIABLE =
  /^(NODE_ENV|HOST|PORT|WEB_CONCURRENCY|API_KEYS|AUTH_DISABLED|RATE_LIMIT_\w+|HTTP_\w+_TIMEOUT_MS|DB_\w+|BILLING_\w+)$/;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * Makes sure `dist/main.js` is the build of the current `src/`: compiles it (the service's part of
 * `npm run build`, a few seconds) only when it is missing or older than a source file.
 * Returns whether it had to build.
 */
export function ensureServiceBuilt(): boolean {
  const sources = Math.max(
    newestMtime(join(ROOT, 'src')),
    newestMtime(join(ROOT, 'tsconfig.json')),
    newestMtime(join(ROOT, 'tsconfig.build.json')),
  );
  if (existsSync(DIST_MAIN) && statSync(DIST_MAIN).mtimeMs >= sources)
    return false;
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  if (tsc.status !== 0) {
    throw new Error(
      `building the service failed (${tsc.status ?? tsc.signal}):\n${tsc.stdout}${tsc.stderr}`,
    );
  }
  return true;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The built service (`node dist/main.js`) as a real child process. */
export class ServiceProcess {
  /** The last lines it printed, for a failing test's message. */
  private readonly tail: string[] = [];
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly cwd: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.tail.push(...chunk.split('\n').filter((line) => line !== ''));
        this.tail.splice(0, Math.max(0, this.tail.length - 40));
      });
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Starts the service on `port` with exactly `env` for its settings (the caller's own service
   * variables and any `.env` are kept away: it runs in an empty temp folder), and waits until
   * `/health` answers 200, for at most `seconds`.
   */
  static async start(
    port: number,
    env: Readonly<Record<string, string | undefined>>,
    seconds = 20,
  ): Promise<ServiceProcess> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const name of Object.keys(childEnv)) {
      if (SERVICE_VARIABLE.test(name)) delete childEnv[name];
    }
    Object.assign(childEnv, env, { PORT: String(port) });
    const cwd = mkdtempSync(join(tmpdir(), 'call-billing-service-'));
    const child = spawn(process.execPath, [DIST_MAIN], {
      cwd,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`, cwd);
    try {
      await service.waitUntilReady(seconds);
    } catch (error) {
      await service.kill('SIGKILL');
      throw error;
    }
    return service;
  }

  private async waitUntilReady(seconds: number): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      if (exited)
        throw new Error(`the service exited at start:\n${this.log()}`);
      try {
        const response = await fetch(`${this.url}/health`, {
          signal: AbortSignal.timeout(1_000),
        });
        await response.arrayBuffer();
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the service was not ready within ${seconds} s:\n${this.log()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` and waits for the process to end (SIGKILL after `seconds` at most). */
  async kill(
    signal: NodeJS.Signals,
    seconds = 10,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), seconds * 1000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      rmSync(this.cwd, { recursive: true, force: true });
    }
  }

  /** Its last lines of output. */
  log(): string {
    return this.tail.join('\n');
  }
}
