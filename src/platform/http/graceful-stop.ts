import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { flushLogs } from '../logging/root-logger.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT: says so, stops accepting connections, finishes the requests in flight
 * (`app.close()`: the HTTP server, then the database pool), says it stopped, writes out every
 * buffered log line and exits. Nest's own shutdown hooks re-raise the signal instead, and a
 * process ended by a signal runs no exit hook: the last lines, the request lines included, were
 * lost. A second signal while stopping changes nothing (a terminal's Ctrl-C reaches the cluster's
 * primary and its workers alike). Listening starts before the app is built, so that a signal
 * during the start (a cluster stopping as a worker boots) also ends with these lines.
 */
export function stopGracefullyOnSignals(
  app: Promise<INestApplication>,
  logger: Pick<Logger, 'info' | 'error'>,
): void {
  let stopping = false;
  const stop = async (signal: string): Promise<number> => {
    logger.info(
      `${signal}: stopping; no new connections, finishing the requests in flight`,
    );
    try {
      await (await app).close();
      logger.info('stopped');
      return 0;
    } catch (error) {
      logger.error({ err: error }, 'stopping failed');
      return 1;
    }
  };
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop(signal)
        .then(async (code) => {
          await flushLogs();
          return code;
        })
        .then((code) => process.exit(code));
    });
  }
}
