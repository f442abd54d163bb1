import { pino } from 'pino';
import { PinoNestLogger } from './pino-nest-logger.js';

describe('PinoNestLogger', () => {
  const setUp = () => {
    const lines: Record<string, unknown>[] = [];
    const root = pino(
      { level: 'trace', formatters: { level: (label) => ({ level: label }) } },
      {
        write: (line: string) => {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    );
    return { lines, logger: new PinoNestLogger(root) };
  };

  it.each([
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['debug', 'debug'],
    ['verbose', 'trace'],
    ['fatal', 'fatal'],
  ] as const)(
    'writes %s at pino level %s, with its context',
    (method, level) => {
      const { lines, logger } = setUp();

      logger[method]('message', 'Context');

      expect(lines).toEqual([
        expect.objectContaining({ level, msg: 'message', context: 'Context' }),
      ]);
    },
  );

  it('keeps the stack of an error, before its context', () => {
    const { lines, logger } = setUp();
    const stack = 'Error: boom\n    at somewhere (file.js:1:1)';

    logger.error('failed', stack, 'Filter');

    expect(lines[0]).toMatchObject({ msg: 'failed', stack, context: 'Filter' });
  });

  it('tells a stack given without a context from a context', () => {
    const { lines, logger } = setUp();
    const stack = 'Error: boom\n    at somewhere (file.js:1:1)';

    logger.error('failed', stack);

    expect(lines[0]).toMatchObject({ msg: 'failed', stack });
    expect(lines[0]).not.toHaveProperty('context');
  });

  it('serialises an error given as the message', () => {
    const { lines, logger } = setUp();

    logger.error(new Error('boom'), 'Context');

    expect(lines[0]).toMatchObject({
      msg: 'boom',
      context: 'Context',
      err: expect.objectContaining({ message: 'boom' }) as unknown,
    });
  });
});
