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
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
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
