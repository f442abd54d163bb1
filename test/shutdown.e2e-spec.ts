import { jest } from '@jest/globals';
import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import { CallService } from '../src/call-billing/services/call.service.js';
import { Call } from '../src/call-billing/persistence/call.entity.js';
import { validateEnv } from '../src/platform/config/validate-env.js';
import { dataSourceOptions } from '../src/platform/database/data-source-options.js';
import { eventually } from './support/eventually.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const IN_FLIGHT = 20;

/** How often a condition of the shutdown is looked at, in ms. */
const POLL_MS = 20;

/** `promise`, or a failure if it takes more than `seconds`. */
async function within<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`not done within ${seconds} s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a new TCP connection to `port` is refused: the server no longer accepts. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('graceful shutdown (SPEC §5)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.database.drop();
  });

  it('stops accepting, finishes every request in flight, then closes the pool', async () => {
    // Hold every call inside the service until the shutdown has begun: requests truly in flight.
    const calls = t.app.get(CallService);
    const record = calls.record.bind(calls);
    let arrived = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(calls, 'record').mockImplementation(async (call) => {
      arrived += 1;
      await released;
      return record(call);
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = await t.app.getUrl();
    const port = Number(new URL(url).port);

    const responses = Array.from({ length: IN_FLIGHT }, (_, i) =>
      fetch(`${url}/mobile/user${i}/call`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ call_duration: (i + 1) * 1000 }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { user_name?: string },
      })),
    );
    await eventually(() => arrived === IN_FLIGHT, 10, POLL_MS);

    // What SIGTERM does, through stopGracefullyOnSignals in main.ts.
    const closing = t.app.close();
    await eventually(() => refuses(port), 10, POLL_MS);
    expect(t.dataSource.isInitialized).toBe(true);
    release();

    const answered = await Promise.all(responses);
    // Closed once they are answered: kept-alive connections do not hold the shutdown (bounded).
    await within(closing, 10);

    expect(answered.map(({ status }) => status)).toEqual(
      Array<number>(IN_FLIGHT).fill(201),
    );
    expect(t.dataSource.isInitialized).toBe(false);
    const direct = new DataSource(
      dataSourceOptions(
        validateEnv({ ...process.env, ...t.database.env }).database,
      ),
    );
    await direct.initialize();
    try {
      const stored = await direct.getRepository(Call).find();
      expect(stored.map(({ userName }) => userName).sort()).toEqual(
        Array.from({ length: IN_FLIGHT }, (_, i) => `user${i}`).sort(),
      );
    } finally {
      await direct.destroy();
    }
  });
});
