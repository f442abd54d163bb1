import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConnection, type Connection } from 'mysql2/promise';
import { createApp } from '../src/app.factory.js';
import type { MysqlConfig } from '../src/platform/config/app-config.js';
import { validateEnv } from '../src/platform/config/validate-env.js';
import { expectProblem } from './support/expectations.js';
import { TcpProxy } from './support/tcp-proxy.js';
import {
  createTestDatabase,
  describeOnMysql,
  type TestDatabase,
} from './support/test-database.js';

/**
 * A database that stops answering without going away (SPEC §5: "a database that stops answering
 * (a lock, a stalled server) turns into 503 within seconds, never a request that waits for
 * ever"): a server that hangs (played by a proxy that holds every byte, as `kill -STOP` would)
 * and a lock held by another session (a table lock, as `FLUSH TABLES WITH READ LOCK` takes on
 * every table; a row lock). With `DB_TIMEOUT_MS=1000` each turns into a 503 with `Retry-After`,
 * stores nothing, and the service works again as soon as the database does, without a restart.
 */

describeOnMysql('a database that stops answering', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let app: NestFastifyApplication;
  let direct: Connection;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { host, port, name, username, password } = mysql();
    direct = await createConnection({
      host,
      port,
      user: username,
      password,
      database: name,
    });
  });

  beforeEach(async () => {
    proxy = await TcpProxy.start(mysql());
    app = await createApp({
      env: {
        ...database.env,
        DB_HOST: '127.0.0.1',
        DB_PORT: String(proxy.port),
        DB_TIMEOUT_MS: '1000',
        RATE_LIMIT_PER_MINUTE: '0',
      },
      logger: false,
    });
  });

  afterEach(async () => {
    proxy.resume();
    await app.close();
    await proxy.close();
  });

  afterAll(async () => {
    await direct.end();
    await database.drop();
  });

  function mysql(): MysqlConfig {
    const config = validateEnv({ ...process.env, ...database.env }).database;
    if (config.type !== 'mysql') throw new Error('needs MySQL');
    return config;
  }

  const putCall = () =>
    app.inject({
      method: 'PUT',
      url: '/mobile/stalled/call',
      payload: { call_duration: 61_000 },
    });

  const storedCalls = async () => {
    const [rows] = await direct.query(
      "SELECT COUNT(*) AS n FROM calls WHERE user_name = 'stalled'",
    );
    return Number((rows as { n: unknown }[])[0]?.n);
  };

  const expectUnavailable = (response: Awaited<ReturnType<typeof putCall>>) => {
    expectProblem(response, 503);
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  };

  it('answers 503 while the server hangs, stores nothing, and recovers when it answers again', async () => {
    expect((await putCall()).statusCode).toBe(201);
    const before = await storedCalls();

    proxy.stall();
    const answers = await Promise.all([putCall(), putCall(), putCall()]);
    for (const answer of answers) expectUnavailable(answer);
    expectUnavailable(
      await app.inject({ method: 'GET', url: '/mobile/stalled/billing' }),
    );

    proxy.resume();
    // The connections that timed out were dropped; the server rolls their transactions back.
    expect((await putCall()).statusCode).toBe(201);
    expect(await storedCalls()).toBe(before + 1);
  }, 30_000);

  it.each([
    [
      'a table lock (as FLUSH TABLES WITH READ LOCK takes)',
      'LOCK TABLES calls READ',
    ],
    // Every writer reads the ledger's state row first, with a shared lock.
    [
      'a row lock on the ledger state',
      'START TRANSACTION; SELECT * FROM ledger_state FOR UPDATE',
    ],
  ])(
    'answers 503 while %s is held, then records again',
    async (_, lock) => {
      expect((await putCall()).statusCode).toBe(201);
      const before = await storedCalls();

      for (const statement of lock.split('; ')) await direct.query(statement);
      try {
        expectUnavailable(await putCall());
      } finally {
        await direct.query(
          lock.startsWith('LOCK') ? 'UNLOCK TABLES' : 'ROLLBACK',
        );
      }

      expect((await putCall()).statusCode).toBe(201);
      expect(await storedCalls()).toBe(before + 1);
    },
    30_000,
  );
});
