import { jest } from '@jest/globals';
import { ServiceUnavailableException } from '@nestjs/common';
import type {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Database } from '../database/database.js';
import type { FastifyReply } from 'fastify';
import {
  DATABASE_PING_TIMEOUT_MS,
  HealthController,
} from './health.controller.js';

const up: HealthCheckResult = {
  status: 'ok',
  info: { database: { status: 'up' } },
  error: {},
  details: { database: { status: 'up' } },
};
const down: HealthCheckResult = {
  status: 'error',
  info: {},
  error: { database: { status: 'down', message: 'connection refused' } },
  details: { database: { status: 'down', message: 'connection refused' } },
};

describe('HealthController', () => {
  const setUp = (
    check: (
      indicators: readonly (() => unknown)[],
    ) => Promise<HealthCheckResult>,
    writesFailing = false,
  ) => {
    const health = { check: jest.fn(check) };
    const database = { pingCheck: jest.fn(() => Promise.resolve({})) };
    const session = {
      up: jest.fn(() => ({ writes: { status: 'up' } })),
      down: jest.fn(() => ({ writes: { status: 'down' } })),
    };
    const indicators = { check: jest.fn(() => session) };
    const reply = {
      status: jest.fn().mockReturnThis(),
      send: jest.fn().mockReturnThis(),
    };
    const controller = new HealthController(
      health as unknown as HealthCheckService,
      database as unknown as TypeOrmHealthIndicator,
      indicators as unknown as HealthIndicatorService,
      { writesFailing: () => writesFailing } as unknown as Database,
    );
    return {
      health,
      database,
      session,
      reply,
      check: () => controller.check(reply as unknown as FastifyReply),
    };
  };

  it('pings the database, with a timeout', async () => {
    const { database, check } = setUp(async (indicators) => {
      await Promise.all(indicators.map((indicator) => indicator()));
      return up;
    });

    await check();

    expect(database.pingCheck).toHaveBeenCalledWith('database', {
      timeout: DATABASE_PING_TIMEOUT_MS,
    });
  });

  it.each([
    [false, 'up'],
    [true, 'down'],
  ])('with writes failing %p, says writes are %s', async (failing, status) => {
    let results: unknown[] = [];
    const { session, check } = setUp(async (indicators) => {
      results = await Promise.all(indicators.map((indicator) => indicator()));
      return up;
    }, failing);

    await check();

    expect(results[1]).toEqual({ writes: { status } });
    expect(failing ? session.down : session.up).toHaveBeenCalled();
  });

  it('answers 200 with the report when the database is up', async () => {
    const { reply, check } = setUp(() => Promise.resolve(up));

    await check();

    expect(reply.status).toHaveBeenCalledWith(200);
    expect(reply.send).toHaveBeenCalledWith(up);
  });

  it('answers 503 with the report, without the driver message, when the database is down', async () => {
    const { reply, check } = setUp(() =>
      Promise.reject(new ServiceUnavailableException(down)),
    );

    await check();

    expect(reply.status).toHaveBeenCalledWith(503);
    expect(reply.send).toHaveBeenCalledWith({
      status: 'error',
      info: {},
      error: { database: { status: 'down' } },
      details: { database: { status: 'down' } },
    });
  });

  it('lets any other error through, to the exception filter', async () => {
    const { reply, check } = setUp(() => Promise.reject(new Error('bug')));

    await expect(check()).rejects.toThrow('bug');
    expect(reply.send).not.toHaveBeenCalled();
  });
});
