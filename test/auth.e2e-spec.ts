import type { InjectOptions } from 'fastify';
import { createApp } from '../src/app.factory.js';
import { ConfigValidationError } from '../src/platform/config/validate-env.js';
import { API_KEY as KEY, OTHER_API_KEY as OTHER_KEY } from './support/auth.js';
import { expectUnauthorized, problemOf } from './support/expectations.js';
import { createTestApp, useTestApp } from './support/test-app.js';

type Request = InjectOptions & { method: 'GET' | 'PUT' | 'POST' };

/** One request to each API route, each valid but for its missing key. */
const API_REQUESTS: readonly Request[] = [
  {
    method: 'PUT',
    url: '/mobile/alice/call',
    payload: { call_duration: 61_000 },
  },
  {
    method: 'POST',
    url: '/calls/batch',
    payload: { calls: [{ user_name: 'bob', call_duration: 1_000 }] },
  },
  { method: 'GET', url: '/mobile/alice/billing' },
  { method: 'GET', url: '/mobile/alice/calls' },
];

function withAuthorization(request: Request, authorization: string): Request {
  return {
    ...request,
    headers: { ...request.headers, authorization },
  };
}

describe('API keys (SPEC §5)', () => {
  const t = useTestApp({ API_KEYS: `${KEY}, ${OTHER_KEY}` });
  const storedCalls = () => t.callCount();

  describe.each(API_REQUESTS)('$method $url', (request) => {
    it('without a key: 401 problem+json with WWW-Authenticate: Bearer, nothing stored', async () => {
      const response = await t.app.inject(request);

      expectUnauthorized(response);
      expect(response.json()).toEqual(problemOf(401, /API key/));
      expect(await storedCalls()).toBe(0);
    });

    it.each([
      ['an unknown key', 'Bearer not-a-configured-key-000'],
      [
        'a configured key with one character off',
        `Bearer ${KEY.slice(0, -1)}X`,
      ],
      ['a prefix of a configured key', `Bearer ${KEY.slice(0, 8)}`],
      ['the key under another scheme', `Basic ${KEY}`],
      ['the key without a scheme', KEY],
      ['two keys at once', `Bearer ${KEY},${OTHER_KEY}`],
    ])(
      'with %s: 401, invalid_token, nothing stored',
      async (_, authorization) => {
        const response = await t.app.inject(
          withAuthorization(request, authorization),
        );

        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(
          /^Bearer .*error="invalid_token"/,
        );
        expect(response.body).not.toContain(KEY.slice(0, 8));
        expect(await storedCalls()).toBe(0);
      },
    );

    it.each([KEY, OTHER_KEY])('with the key %s: served', async (key) => {
      const response = await t.app.inject(
        withAuthorization(request, `Bearer ${key}`),
      );

      expect(response.statusCode).toBeLessThan(300);
    });
  });

  it('stores a call sent with a key', async () => {
    const response = await t.app.inject(
      withAuthorization(API_REQUESTS[0], `Bearer ${KEY}`),
    );

    expect(response.statusCode).toBe(201);
    expect(await storedCalls()).toBe(1);
  });

  it('checks the key before the body: a bad body without a key is a 401, not a 400', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/mobile/alice/call',
      payload: { call_duration: 'long' },
    });

    expect(response.statusCode).toBe(401);
  });

  it.each(['/health', '/metrics', '/docs', '/docs-json'])(
    'leaves %s open',
    async (url) => {
      const response = await t.app.inject({ method: 'GET', url });

      expect(response.statusCode).not.toBe(401);
      expect(response.statusCode).not.toBe(404);
    },
  );

  it('still answers an unknown route 404, key or not', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/nowhere' });

    expect(response.statusCode).toBe(404);
  });

  it('documents the keys: bearer schemes, the admin one on admin operations, required by every API operation only', async () => {
    const document = (
      await t.app.inject({ method: 'GET', url: '/docs-json' })
    ).json<{
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<
        string,
        Record<string, { security?: unknown; responses: object }>
      >;
    }>();

    expect(document.components.securitySchemes).toEqual({
      'api-key': expect.objectContaining({
        type: 'http',
        scheme: 'bearer',
      }) as unknown,
      'admin-key': expect.objectContaining({
        type: 'http',
        scheme: 'bearer',
      }) as unknown,
    });
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.values(item).map((operation) => ({ path, operation })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const { path, operation } of operations) {
      if (/^\/admin\//.test(path) || /\/void$/.test(path)) {
        expect(operation.security).toEqual([{ 'admin-key': [] }]);
        expect(operation.responses).toHaveProperty('401');
        expect(operation.responses).toHaveProperty('403');
      } else if (/^\/(mobile|calls)\//.test(path)) {
        expect(operation.security).toEqual([{ 'api-key': [] }]);
        expect(operation.responses).toHaveProperty('401');
        expect(operation.responses).toHaveProperty('429');
      } else {
        // Open, and said so: no scheme applies.
        expect(operation.security).toEqual([]);
      }
    }
  });
});

describe('API keys: configuration', () => {
  it('refuses to start in production without API_KEYS, in one line', async () => {
    const start = createApp({
      env: { NODE_ENV: 'production', API_KEYS: '', AUTH_DISABLED: '' },
      logger: false,
    });

    await expect(start).rejects.toThrow(ConfigValidationError);
    await expect(start).rejects.toThrow(/^[^\n]*API_KEYS[^\n]*$/);
  });

  it('runs production without keys when AUTH_DISABLED=true says so', async () => {
    const t = await createTestApp({
      NODE_ENV: 'production',
      AUTH_DISABLED: 'true',
    });
    try {
      const response = await t.app.inject(API_REQUESTS[0]);

      expect(response.statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });
});
