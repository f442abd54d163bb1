import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from './database-connector.js';

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
    code: 'ECONNREFUSED',
  });
}

/** A DataSource whose `initialize` fails `failures` times (forever by default), then connects. */
function fakeDataSource(failures = Infinity) {
  const dataSource = {
    isInitialized: false,
    initialize: jest.fn(() => {
      if (dataSource.initialize.mock.calls.length <= failures) {
        return Promise.reject(refused());
      }
      dataSource.isInitialized = true;
      return Promise.resolve(dataSource);
    }),
  };
  return dataSource;
}

/** Lets the connector's retry timers fire, on Jest's fake clock, until `condition` holds. */
async function until(condition: () => boolean, limitMs = 60_000) {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > limitMs) throw new Error('timed out waiting');
    await jest.advanceTimersByTimeAsync(100);
  }
}

describe('DatabaseConnector', () => {
  let warn: jest.Spied<Logger['warn']>;
  let log: jest.Spied<Logger['log']>;

  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => {});
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => {});
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  function connectorOn(dataSource: ReturnType<typeof fakeDataSource>) {
    return new DatabaseConnector(dataSource as unknown as DataSource);
  }

  it('connects during the start when the database is there, quietly', async () => {
    const dataSource = fakeDataSource(0);
    const connector = connectorOn(dataSource);

    await connector.onApplicationBootstrap();

    expect(connector.isConnected).toBe(true);
    expect(dataSource.initialize).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('lets the start go on without the database, then retries until it connects', async () => {
    const dataSource = fakeDataSource(3);
    const connector = connectorOn(dataSource);

    await connector.onApplicationBootstrap();
    expect(connector.isConnected).toBe(false);

    await until(() => connector.isConnected);
    expect(dataSource.initialize).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls.map((params) => String(params[0]))).toEqual([
      'Database unavailable (attempt 1): connect ECONNREFUSED 127.0.0.1:3306; retrying in 500 ms',
      'Database unavailable (attempt 2): connect ECONNREFUSED 127.0.0.1:3306; retrying in 1000 ms',
      'Database unavailable (attempt 3): connect ECONNREFUSED 127.0.0.1:3306; retrying in 2000 ms',
    ]);
    expect(log).toHaveBeenCalledWith('Connected to the database at attempt 4');
  });

  it('stops retrying when the app shuts down', async () => {
    const dataSource = fakeDataSource();
    const connector = connectorOn(dataSource);
    await connector.onApplicationBootstrap();
    await until(() => dataSource.initialize.mock.calls.length >= 3);

    await connector.beforeApplicationShutdown();
    const attempts = dataSource.initialize.mock.calls.length;
    await jest.advanceTimersByTimeAsync(30_000);

    expect(dataSource.initialize).toHaveBeenCalledTimes(attempts);
    expect(connector.isConnected).toBe(false);
  });
});
