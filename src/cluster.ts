import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { flushLogs } from './platform/logging/root-logger.js';

/** Restarts of a crashed worker are spaced so that a worker failing at boot does not spin. */
const RESTART_DELAY_MS = 1_000;

/**
 * Runs `startWorker` in `workers` processes sharing one listening port (Node's cluster), so that
 * the service uses every core; with one worker it simply runs in this process. The primary only
 * supervises: it restarts a worker that dies, and on SIGTERM/SIGINT passes the signal on and
 * exits once every worker has shut down gracefully (each writes out its own log lines first).
 */
export function runClustered(
  workers: number,
  startWorker: () => Promise<void>,
  logger: Pick<Logger, 'error' | 'info'>,
): Promise<void> {
  if (workers <= 1 || cluster.isWorker) return startWorker();

  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      logger.info('stopped: every worker has exited');
      void flushLogs().then(() => process.exit(0));
      return;
    }
    logger.error(
      `worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
    );
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: stopping ${workers} workers`);
      for (const worker of Object.values(cluster.workers ?? {}))
        worker?.process.kill(signal);
    });
  }
  return Promise.resolve();
}
