import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Nest's logger, written as pino JSON lines: start-up, shutdown, the database connector. Its
 * lines carry no request id. Code that logs while serving a request writes through the request's
 * own logger (`request.log`), which does: carrying the request onto Nest's `Logger` would take an
 * AsyncLocalStorage, whose promise hooks cost about 15% of a PUT's CPU on Node 20
 * (docs/performance.md).
 */
export class PinoNestLogger implements LoggerService {
  readonly log = this.writer('info');
  readonly error = this.writer('error');
  readonly warn = this.writer('warn');
  readonly debug = this.writer('debug');
  readonly verbose = this.writer('trace');
  readonly fatal = this.writer('fatal');

  constructor(private readonly root: Logger) {}

  /** A LoggerService method: Nest's level names are not all pino's (`log`, `verbose`). */
  private writer(
    level: Level,
  ): (message: unknown, ...params: unknown[]) => void {
    return (message, ...params) => this.write(level, message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // Nest's Logger passes its context last, after an optional stack (or error) for `error`.
    const last = rest.at(-1);
    if (typeof last === 'string' && !isStack(last)) {
      fields.context = last;
      rest.pop();
    }
    for (const extra of rest) {
      if (extra instanceof Error) fields.err = extra;
      else if (typeof extra === 'string') fields.stack = extra;
    }
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.root[level](fields, message);
    } else {
      this.root[level]({ ...fields, data: message }, '');
    }
  }
}

function isStack(text: string): boolean {
  return /\n\s+at /.test(text);
}
