import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIST_MAIN,
  ensureServiceBuilt,
  freePort,
} from './support/service-process.js';
import {
  createTestDatabase,
  type TestDatabase,
} from './support/test-database.js';

/**
 * SPEC §5 and the item 11: on SIGTERM the built service (`node dist/main.js`, as in
 * production, stdout a pipe) says it is stopping and that it stopped, and every request line is
 * written before it exits, with one process and with a cluster.
 */
const REQUESTS = 50;

interface Run {
  readonly lines: Record<string, unknown>[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

async function serveAndStop(
  env: Record<string, string | undefined>,
  workers: number,
): Promise<Run> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'call-billing-stop-'));
  const child = spawn(process.execPath, [DIST_MAIN], {
    cwd,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      WEB_CONCURRENCY: String(workers),
      NODE_ENV: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    // Every worker has said where it listens (lines are written within a second).
    while ((out.match(/listening on http/g) ?? []).length < workers) {
      if (child.exitCode !== null)
        throw new Error(`the service exited:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let i = 0; i < REQUESTS; i++) {
      const response = await fetch(
        `http://127.0.0.1:${port}/mobile/stop-test/billing`,
      );
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    child.kill('SIGTERM');
    const { code, signal } = await exited;
    const lines = out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { lines, code, signal };
  } finally {
    child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('stopping on SIGTERM (SPEC §5)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    ensureServiceBuilt();
    database = await createTestDatabase();
  }, 120_000);

  afterAll(async () => {
    await database.drop();
  });

  it.each([1, 2])(
    'with %i worker(s): says stopping and stopped, and loses no request line',
    async (workers) => {
      const { lines, code, signal } = await serveAndStop(database.env, workers);

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(
        lines.filter((line) => line.url === '/mobile/stop-test/billing'),
      ).toHaveLength(REQUESTS);
      const messages = lines.map((line) => String(line.msg));
      const stopping = messages.filter((msg) =>
        msg.startsWith('SIGTERM: stopping'),
      );
      const stopped = messages.filter((msg) => msg.startsWith('stopped'));
      // Each worker, and a cluster's primary besides.
      const processes = workers === 1 ? 1 : workers + 1;
      expect(stopping).toHaveLength(processes);
      expect(stopped).toHaveLength(processes);
      expect(messages.at(-1)).toMatch(/^stopped/);
    },
    60_000,
  );
});
