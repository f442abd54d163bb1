import type { LogLevel } from '@nestjs/common';
import { createRootLogger, pinoLevelOf } from './root-logger.js';

describe('pinoLevelOf', () => {
  it.each<[LogLevel[] | false | undefined, string]>([
    [undefined, 'info'],
    [false, 'silent'],
    [[], 'silent'],
    [['error', 'warn'], 'warn'],
    [['error'], 'error'],
    [['fatal', 'error', 'warn', 'log'], 'info'],
    [['log', 'debug'], 'debug'],
    [['verbose', 'error'], 'trace'],
  ])('%p → %p', (option, level) => {
    expect(pinoLevelOf(option)).toBe(level);
  });

  it('is info when a logger service is given instead', () => {
    expect(
      pinoLevelOf({
        log: () => undefined,
        error: () => undefined,
        warn: () => undefined,
      }),
    ).toBe('info');
  });
});

describe('createRootLogger', () => {
  const linesOf = (
    write: (logger: ReturnType<typeof createRootLogger>) => void,
  ) => {
    const lines: Record<string, unknown>[] = [];
    const logger = createRootLogger('info', {
      write: (line: string) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
    write(logger);
    return lines;
  };

  it('writes JSON lines with a level name and an ISO time', () => {
    const [line] = linesOf((logger) => logger.info('hello'));

    expect(line).toMatchObject({ level: 'info', msg: 'hello' });
    expect(line?.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/));
  });

  it('logs a request by its method and URL only, never its headers', () => {
    const [line] = linesOf((logger) =>
      logger.info(
        {
          req: {
            method: 'PUT',
            url: '/mobile/alice/call',
            headers: { authorization: 'Bearer top-secret' },
            body: { call_duration: 1 },
          },
        },
        'request',
      ),
    );

    expect(line?.req).toEqual({ method: 'PUT', url: '/mobile/alice/call' });
  });

  it('censors secrets, should anything log them', () => {
    const text = JSON.stringify(
      linesOf((logger) => {
        logger.info({ headers: { authorization: 'Bearer top-secret' } }, 'a');
        logger.info({ DB_PASSWORD: 'top-secret', API_KEYS: 'top-secret' }, 'b');
        logger.info({ database: { password: 'top-secret' } }, 'c');
      }),
    );

    expect(text).not.toContain('top-secret');
    expect(text).toContain('[redacted]');
  });
});
