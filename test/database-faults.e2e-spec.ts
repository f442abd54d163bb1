import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { Call } from '../src/call-billing/persistence/call.entity.js';
import type { MysqlConfig } from '../src/platform/config/app-config.js';
import { validateEnv } from '../src/platform/config/validate-env.js';
import {
  createTestDatabase,
  describeOnMysql,
  type TestDatabase,
} from './support/test-database.js';
import { TcpProxy } from './support/tcp-proxy.js';
import type { Response } from './support/api.js';
import { eventually } from './support/eventually.js';
import { API_KEY, AS_CLIENT } from './support/auth.js';
import { expectProblem, problemOf } from './support/expectations.js';

const LEVELS = ['log', 'warn', 'error'] as const;

/** What the service logged through Nest, by level, one entry per line asked for. */
function logLines(): { level: string; text: string }[] {
  return LEVELS.flatMap((level) =>
    jest
      .mocked(Logger.prototype[level])
      .mock.calls.map((params) => ({ level, text: String(params[0]) })),
  );
}

function linesMatching(pattern: RegExp) {
  return logLines().filter(({ text }) => pattern.test(text));
}

const ATTEMPT_LINE =
  /^Database unavailable \(attempt \d+\): .+; retrying in \d+ ms$/;
const RECOVERY_SECONDS = 20;

function expectUnavailable(response: Response) {
  expectProblem(response, 503);
  expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(response.json()).toMatchObject(problemOf(503));
}

// The outage is played by a proxy in front of MariaDB; SQLite (a file) has no such outage.

describeOnMysql(
  'database faults (SPEC §4): MariaDB behind a proxy the test cuts',
  () => {
    let database: TestDatabase;
    let proxy: TcpProxy | undefined;
    let app: NestFastifyApplication | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    beforeEach(() => {
      for (const level of LEVELS) jest.spyOn(Logger.prototype, level);
    });

    afterEach(async () => {
      await app?.close();
      await proxy?.close();
      app = undefined;
      proxy = undefined;
      jest.restoreAllMocks();
    });

    afterAll(async () => {
      await database.drop();
    });

    function mysql(): MysqlConfig {
      const config = validateEnv({ ...process.env, ...database.env }).database;
      if (config.type !== 'mysql') throw new Error('needs MySQL');
      return config;
    }

    async function startApp(
      through: TcpProxy,
      env: Record<string, string> = {},
    ): Promise<NestFastifyApplication> {
      app = await createApp({
        env: {
          ...database.env,
          DB_HOST: '127.0.0.1',
          DB_PORT: String(through.port),
          RATE_LIMIT_PER_MINUTE: '0',
          ...env,
        },
        logger: ['error'],
      });
      return app;
    }

    function putCall(service: NestFastifyApplication) {
      return service.inject({
        method: 'PUT',
        url: '/mobile/alice/call',
        payload: { call_duration: 61_000 },
      });
    }

    async function billingAnswers(service: NestFastifyApplication) {
      const response = await service.inject({
        method: 'GET',
        url: '/mobile/alice/billing',
      });
      return response.statusCode === 200;
    }

    /** Calls stored, counted straight on the server, not through the proxy. */
    async function storedCalls(): Promise<number> {
      const { host, port, name, username, password } = mysql();
      const direct = new DataSource({
        type: 'mysql',
        host,
        port,
        database: name,
        username,
        password,
        entities: [Call],
      });
      await direct.initialize();
      try {
        return await direct.getRepository(Call).count();
      } finally {
        await direct.destroy();
      }
    }

    it('starts without its database, answers 503 until it is there, then connects by itself', async () => {
      const callsBefore = await storedCalls();
      proxy = await TcpProxy.start(mysql(), { open: false });

      const service = await startApp(proxy);
      await service.listen({ port: 0, host: '127.0.0.1' });

      const billing = await fetch(
        `${await service.getUrl()}/mobile/alice/billing`,
      );
      expect(billing.status).toBe(503);
      expect(billing.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expectUnavailable(await putCall(service));

      // One clear line per attempt: which attempt, what went wrong, when the next one is; no stack.
      await eventually(
        () => linesMatching(ATTEMPT_LINE).length >= 2,
        RECOVERY_SECONDS,
      );
      const attempts = linesMatching(/Database unavailable \(attempt/);
      for (const { level, text } of attempts) {
        expect({ level, text }).toEqual({
          level: 'warn',
          text: expect.stringMatching(ATTEMPT_LINE) as unknown,
        });
      }
      expect(attempts[0]?.text).toMatch(
        /^Database unavailable \(attempt 1\): .*ECONNREFUSED/,
      );

      await proxy.open();
      await eventually(() => billingAnswers(service), RECOVERY_SECONDS);
      expect(
        linesMatching(/^Connected to the database at attempt \d+$/),
      ).toHaveLength(1);

      expect((await putCall(service)).statusCode).toBe(201);
      expect(await storedCalls()).toBe(callsBefore + 1);
    }, 60_000);

    it('asks for the API key before it says the database is away', async () => {
      proxy = await TcpProxy.start(mysql(), { open: false });
      const service = await startApp(proxy, {
        API_KEYS: API_KEY,
      });

      expect((await putCall(service)).statusCode).toBe(401);
      const keyed = await service.inject({
        method: 'PUT',
        url: '/mobile/alice/call',
        payload: { call_duration: 61_000 },
        headers: AS_CLIENT,
      });
      expectUnavailable(keyed);
    });

    it('fails fast with 503 while the database is lost, and recovers by itself when it is back', async () => {
      proxy = await TcpProxy.start(mysql());
      const service = await startApp(proxy);
      for (let i = 0; i < 3; i++) {
        expect((await putCall(service)).statusCode).toBe(201);
      }
      const callsBefore = await storedCalls();

      await proxy.close();
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const response = await putCall(service);

        expectUnavailable(response);
        // Nothing waits on the pool for a database that is not there (a generous bound).
        expect(Date.now() - started).toBeLessThan(10_000);
      }
      expectUnavailable(
        await service.inject({ method: 'GET', url: '/mobile/alice/billing' }),
      );
      expect(await storedCalls()).toBe(callsBefore);

      await proxy.open();
      await eventually(() => billingAnswers(service), RECOVERY_SECONDS);
      expect((await putCall(service)).statusCode).toBe(201);
      expect(await storedCalls()).toBe(callsBefore + 1);
    }, 60_000);
  },
);
