import type { LoggerService, LogLevel } from '@nestjs/common';
import {
  pino,
  type DestinationStream,
  type Level,
  type LevelWithSilent,
  type Logger,
} from 'pino';
import { LineBatcher } from './line-batcher.js';
import { prettyStdout } from './pretty-lines.js';

/** What `createApp` is told about logging: Nest's own `logger` option. */
export type LoggerOption = LoggerService | LogLevel[] | false | undefined;

const PINO_LEVELS: Record<LogLevel, Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const MOST_TO_LEAST_VERBOSE: readonly Level[] = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
];

/**
 * The pino level that lets through the Nest levels asked for: `['error', 'warn']` (the tests) is
 * `warn`, `false` is silence, and no option (the server) is `info`.
 */
export function pinoLevelOf(option: LoggerOption): LevelWithSilent {
  if (option === false) return 'silent';
  if (!Array.isArray(option)) return 'info';
  const wanted = new Set(option.map((level) => PINO_LEVELS[level]));
  return MOST_TO_LEAST_VERBOSE.find((level) => wanted.has(level)) ?? 'silent';
}

/**
 * Where a secret could show up if anything ever logged a request's headers or the settings.
 * They are censored rather than dropped, so that a slip is visible and harmless.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  '*.password',
  'DB_PASSWORD',
  '*.DB_PASSWORD',
  'API_KEYS',
  '*.API_KEYS',
];

interface RequestLike {
  readonly method?: string;
  readonly url?: string;
}

interface ReplyLike {
  readonly statusCode?: number;
}

/**
 * The service's one pino logger: JSON lines on stdout, or readable lines when stdout is a
 * terminal. Requests are logged by their method and URL only: never their headers (keys live
 * there) nor their bodies.
 */
export function createRootLogger(
  level: LevelWithSilent,
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      err: pino.stdSerializers.err,
      req: ({ method, url }: RequestLike) => ({ method, url }),
      res: ({ statusCode }: ReplyLike) => ({ status_code: statusCode }),
    },
  };
  return pino(
    options,
    destination ?? (process.stdout.isTTY ? prettyStdout() : bufferedStdout()),
  );
}

let stdout: LineBatcher | undefined;

/**
 * Standard output, written in batches of about 16 KiB off the request path: a synchronous write
 * per log line cost about 6% of the server's time under load, 4 KiB chunks still about 3% (see
 * docs/performance.md). The lines are joined by a {@link LineBatcher}, then written by
 * sonic-boom. Lines wait at most a second; they are flushed when the process exits, and the
 * service calls `flushLogs` before it exits on a signal (a death by signal runs no exit hook).
 * A SIGKILL may lose the last lines, never a call. One stream for the process, however many apps
 * it builds (the tests build many).
 */
function bufferedStdout(): DestinationStream {
  if (stdout === undefined) {
    // Registered before the stream exists, so that it runs before the stream's own exit hook
    // (should another hook have ended the stream first, the last lines are lost, not the exit).
    process.on('exit', () => {
      try {
        stdout?.flushSync();
      } catch {
        // The stream was ended already.
      }
    });
    const batcher = new LineBatcher(
      pino.destination({ dest: 1, sync: false, minLength: 0 }),
      16_000,
    );
    // A quiet service still shows its lines within a second.
    setInterval(() => batcher.flush(), 1_000).unref();
    stdout = batcher;
  }
  return stdout;
}

/** Writes out every buffered line: called before the process exits on purpose (SIGTERM). */
export function flushLogs(): Promise<void> {
  const stream = stdout;
  if (stream === undefined) return Promise.resolve();
  return new Promise((resolve) => stream.flush(() => resolve()));
}
