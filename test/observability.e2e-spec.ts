import { createServer } from 'node:net';
import type { InjectOptions } from 'fastify';
import { API_KEY, AS_CLIENT } from './support/auth.js';
import { useTestApp } from './support/test-app.js';
import { describeOnMysql } from './support/test-database.js';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What /health says with the database down and writes still accepted (SPEC §5). */
const DATABASE_DOWN = {
  status: 'error',
  info: { writes: { status: 'up' } },
  error: { database: { status: 'down' } },
  details: { database: { status: 'down' }, writes: { status: 'up' } },
};

/** The value of one sample of the Prometheus text, or 0 when it has not been written yet. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = new Map(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(
        ([, key, value]) => [key, value],
      ),
    );
    if (Object.entries(labels).every(([key, v]) => present.get(key) === v)) {
      return Number(match[3]);
    }
  }
  return 0;
}

describe('observability, on a live database', () => {
  const t = useTestApp({}, { clearBeforeEach: false });

  const scrape = async (): Promise<string> => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  describe('GET /health', () => {
    it('is 200 with the database up', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, writes: { status: 'up' } },
      });
      expect(response.headers['cache-control']).toContain('no-store');
    });
  });

  describe('GET /metrics', () => {
    it('is Prometheus text with process metrics and the database pool', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/metrics' });

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(
        /^text\/plain; version=0\.0\.4/,
      );
      expect(response.body).toContain('# TYPE process_cpu_seconds_total');
      expect(response.body).toContain('# TYPE nodejs_heap_size_used_bytes');
      expect(response.body).toContain(
        '# TYPE db_pool_connections_in_use gauge',
      );
      expect(
        sample(response.body, 'db_pool_connections_in_use'),
      ).toBeGreaterThanOrEqual(0);
    });

    it('times requests by route pattern and status, never by the URL asked for', async () => {
      await t.app.inject({
        method: 'PUT',
        url: '/mobile/secret.user/call',
        payload: { call_duration: 1000 },
      });
      await t.app.inject({
        method: 'PUT',
        url: '/mobile/secret.user/call',
        payload: { call_duration: 'long' },
      });
      await t.app.inject({ method: 'GET', url: '/nowhere/secret.user' });

      const text = await scrape();
      const route = '/mobile/:user_name/call';
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          method: 'PUT',
          route,
          status_code: '201',
        }),
      ).toBe(1);
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          method: 'PUT',
          route,
          status_code: '400',
        }),
      ).toBe(1);
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          route: 'unmatched',
          status_code: '404',
        }),
      ).toBe(1);
      expect(text).toContain(
        'http_request_duration_seconds_bucket{le="0.005",method="PUT",route="/mobile/:user_name/call",status_code="201"}',
      );
      expect(text).not.toContain('secret.user');
    });

    it('counts the calls stored by PUT, not the replays nor the rejected ones', async () => {
      const before = sample(await scrape(), 'calls_recorded_total', {
        source: 'put',
      });
      const put = (payload: object, key?: string) =>
        t.app.inject({
          method: 'PUT',
          url: '/mobile/alice/call',
          payload,
          headers: key === undefined ? {} : { 'idempotency-key': key },
        });

      expect((await put({ call_duration: 545_000 })).statusCode).toBe(201);
      expect((await put({ call_duration: 1 }, 'k-1')).statusCode).toBe(201);
      expect((await put({ call_duration: 1 }, 'k-1')).statusCode).toBe(200);
      expect((await put({ call_duration: -1 })).statusCode).toBe(400);

      expect(
        sample(await scrape(), 'calls_recorded_total', { source: 'put' }),
      ).toBe(before + 2);
    });

    it('counts the calls stored by a batch and observes the batch size', async () => {
      const text = await scrape();
      const before = sample(text, 'calls_recorded_total', { source: 'batch' });
      const batches = sample(text, 'call_batch_size_count', {
        source: 'batch',
      });

      const response = await t.app.inject({
        method: 'POST',
        url: '/calls/batch',
        payload: {
          calls: [
            { user_name: 'bob', call_duration: 1, idempotency_key: 'b-1' },
            { user_name: 'bob', call_duration: 1, idempotency_key: 'b-1' },
            { user_name: 'carol', call_duration: 2 },
          ],
        },
      });

      expect(response.json()).toEqual({ inserted: 2, duplicates: 1 });
      const after = await scrape();
      expect(sample(after, 'calls_recorded_total', { source: 'batch' })).toBe(
        before + 2,
      );
      expect(sample(after, 'call_batch_size_count', { source: 'batch' })).toBe(
        batches + 1,
      );
      expect(
        sample(after, 'call_batch_size_bucket', { source: 'batch', le: '10' }),
      ).toBeGreaterThanOrEqual(1);
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a sane id sent by the client', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/mobile/alice/billing',
        headers: { 'x-request-id': 'trace-42/a:b' },
      });

      expect(response.statusCode).toBe(200);
      expect(response.headers['x-request-id']).toBe('trace-42/a:b');
    });

    it('generates a new id, different each time, when none is sent', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/health' });
      const second = await t.app.inject({ method: 'GET', url: '/health' });

      expect(first.headers['x-request-id']).toMatch(UUID);
      expect(second.headers['x-request-id']).toMatch(UUID);
      expect(first.headers['x-request-id']).not.toBe(
        second.headers['x-request-id'],
      );
    });

    it.each([
      ['too long', 'x'.repeat(129)],
      ['with spaces', 'not an id'],
    ])('replaces an id that is %s', async (_case, id) => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': id },
      });

      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it.each<[string, InjectOptions & { payload?: string | object }, number]>([
      [
        'a 400',
        {
          method: 'PUT',
          url: '/mobile/alice/call',
          payload: { call_duration: 'x' },
        },
        400,
      ],
      ['a 404', { method: 'GET', url: '/nowhere' }, 404],
      ['a 405', { method: 'DELETE', url: '/mobile/alice/call' }, 405],
      [
        'a 415',
        {
          method: 'PUT',
          url: '/mobile/alice/call',
          payload: 'call_duration=1',
          headers: { 'content-type': 'text/plain' },
        },
        415,
      ],
      [
        'an undecodable URL',
        { method: 'GET', url: '/mobile/%E0%A4%A/billing' },
        400,
      ],
    ])('is echoed on %s', async (_case, request, status) => {
      const response = await t.app.inject({
        ...request,
        headers: { ...request.headers, 'x-request-id': 'err-1' },
      });

      expect(response.statusCode).toBe(status);
      expect(response.headers['x-request-id']).toBe('err-1');
    });
  });
});

describe('GET /health, with the database gone', () => {
  const t = useTestApp({}, { clearBeforeEach: false });

  it('is 503, not a 500, and says the database is down', async () => {
    // As after an outage: the app's connection (SQLite's file handle, MySQL's pool) is gone.
    await t.dataSource.destroy();

    const response = await t.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual(DATABASE_DOWN);
    expect(response.headers['x-request-id']).toMatch(UUID);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(sample(metrics.body, 'db_pool_connections_in_use')).toBe(0);
  });
});

describe('X-Request-Id, on answers from the key check and the rate limit', () => {
  const t = useTestApp(
    { API_KEYS: API_KEY, RATE_LIMIT_PER_MINUTE: '1' },
    { clearBeforeEach: false },
  );

  it('is echoed on a 401 and on a 429', async () => {
    const get = (headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/mobile/alice/billing', headers });
    const authorised = AS_CLIENT;

    const unauthorised = await get({ 'x-request-id': 'no-key' });
    expect(unauthorised.statusCode).toBe(401);
    expect(unauthorised.headers['x-request-id']).toBe('no-key');

    expect((await get(authorised)).statusCode).toBe(200);
    const limited = await get({ ...authorised, 'x-request-id': 'too-many' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-request-id']).toBe('too-many');
  });

  it('leaves /health and /metrics open: no key, no rate limit', async () => {
    for (let i = 0; i < 3; i++) {
      for (const url of ['/health', '/metrics']) {
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
      }
    }
  });
});

/** A loopback port that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeOnMysql(
  'GET /health, with the MySQL server unreachable from the start',
  () => {
    const t = useTestApp(
      async () => ({ DB_PORT: String(await closedPort()) }),
      {
        clearBeforeEach: false,
      },
    );

    it('is 503 while the app runs without its database, and /metrics still answers', async () => {
      const health = await t.app.inject({ method: 'GET', url: '/health' });

      expect(health.statusCode).toBe(503);
      // Up or down only: no driver message, so no host or port of the database.
      expect(health.json()).toEqual(DATABASE_DOWN);
      expect(health.body).not.toMatch(/127\.0\.0\.1|ECONN|\d{4,5}/);
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(sample(metrics.body, 'db_pool_connections_in_use')).toBe(0);
    });
  },
);
