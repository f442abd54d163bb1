import type { InjectOptions } from 'fastify';
import {
  expectExactProblem,
  expectProblem,
  expectUnauthorized,
} from '../support/expectations.js';
import {
  ADMIN_KEY,
  API_KEY as KEY,
  bearer,
  KEYED_ENV,
} from '../support/auth.js';
import { useTestApp } from '../support/test-app.js';
import { FUTURE } from '../support/dates.js';

const VERSION = `/admin/plans/gold/versions/${FUTURE}`;

type Request = InjectOptions & { method: 'GET' | 'PUT' | 'DELETE' };

const LIST_PLANS: Request = { method: 'GET', url: '/admin/plans' };
const CREATE_GOLD: Request = {
  method: 'PUT',
  url: VERSION,
  payload: { rates: [{ prefix: '', price: '1' }] },
};

/** One valid request to each admin route (gold's version exists). */
const ADMIN_REQUESTS: readonly Request[] = [
  CREATE_GOLD,
  {
    method: 'PUT',
    url: VERSION,
    headers: { 'content-type': 'text/csv' },
    payload: 'prefix,price\n,1\n',
  },
  LIST_PLANS,
  { method: 'GET', url: '/admin/plans/default/versions/1970-01-01T00:00:00Z' },
  { method: 'DELETE', url: VERSION },
  {
    method: 'PUT',
    url: '/admin/users/alice/plan',
    payload: { plan: 'default' },
  },
  { method: 'GET', url: '/admin/users/alice/plan' },
];

function as(request: Request, key?: string): Request {
  return key === undefined
    ? request
    : {
        ...request,
        headers: { ...request.headers, ...bearer(key) },
      };
}

describe('The admin role (SPEC §5)', () => {
  describe('with API_KEYS and ADMIN_API_KEYS', () => {
    const t = useTestApp(KEYED_ENV);

    const versionCount = async () =>
      Number(
        (
          await t.dataSource.query<{ n: unknown }[]>(
            'SELECT COUNT(*) AS n FROM tariff_versions',
          )
        )[0]?.n,
      );

    beforeEach(async () => {
      expect((await t.inject(as(CREATE_GOLD, ADMIN_KEY))).statusCode).toBe(201);
    });

    describe.each(ADMIN_REQUESTS)('$method $url', (request) => {
      it('without a key: 401 with WWW-Authenticate, nothing stored', async () => {
        const response = await t.inject(request);

        expectUnauthorized(response);
        expect(await versionCount()).toBe(2);
      });

      it('with an unknown key: 401', async () => {
        expectProblem(await t.inject(as(request, 'not-a-key-0123456789')), 401);
      });

      it('with an API key that is not an admin key: 403, nothing stored', async () => {
        const response = await t.inject(as(request, KEY));

        expectExactProblem(response, 403, /admin key/);
        expect(await versionCount()).toBe(2);
      });

      it('with an admin key: served', async () => {
        const response = await t.inject(as(request, ADMIN_KEY));

        expect(response.statusCode).toBeLessThan(300);
      });
    });

    it('lets an admin key call the other routes too', async () => {
      const call = await t.inject(
        as(
          {
            method: 'PUT',
            url: '/mobile/alice/call',
            payload: { call_duration: 1000 },
          },
          ADMIN_KEY,
        ),
      );
      const rate = await t.inject(
        as({ method: 'GET', url: '/mobile/alice/rate' }, ADMIN_KEY),
      );

      expect(call.statusCode).toBe(201);
      expect(rate.statusCode).toBe(200);
    });

    it('lets any key look a rate up, and no key not', async () => {
      expect(
        (await t.inject(as({ method: 'GET', url: '/mobile/alice/rate' }, KEY)))
          .statusCode,
      ).toBe(200);
      expectProblem(
        await t.inject({ method: 'GET', url: '/mobile/alice/rate' }),
        401,
      );
    });

    it('documents the admin routes with the admin-key scheme and their 403', async () => {
      const document = (
        await t.inject({ method: 'GET', url: '/docs-json' })
      ).json<{
        components: { securitySchemes: Record<string, unknown> };
        paths: Record<
          string,
          Record<string, { security: unknown; responses: object }>
        >;
      }>();

      expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
        'admin-key',
        'api-key',
      ]);
      const admin = Object.entries(document.paths).filter(([path]) =>
        /^\/admin\/(plans|users)\b/.test(path),
      );
      expect(admin.length).toBe(3);
      const upload = document.paths[
        '/admin/plans/{plan}/versions/{effective_from}'
      ]?.put as unknown as {
        requestBody: { content: Record<string, { schema: unknown }> };
      };
      expect(upload.requestBody.content['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/NewPlanVersion',
      });
      expect(upload.requestBody.content['text/csv']?.schema).toMatchObject({
        type: 'string',
      });
      for (const [, item] of admin) {
        for (const operation of Object.values(item)) {
          expect(operation.security).toEqual([{ 'admin-key': [] }]);
          expect(operation.responses).toHaveProperty('401');
          expect(operation.responses).toHaveProperty('403');
        }
      }
    });
  });

  describe('with ADMIN_API_KEYS only', () => {
    const t = useTestApp({ ADMIN_API_KEYS: ADMIN_KEY });

    it('needs a key on every API route, and the admin key opens them all', async () => {
      const put = {
        method: 'PUT',
        url: '/mobile/alice/call',
        payload: { call_duration: 1 },
      } as const;

      expectProblem(await t.inject(put), 401);
      expectProblem(await t.inject(LIST_PLANS), 401);
      expect((await t.inject(as(put, ADMIN_KEY))).statusCode).toBe(201);
      expect((await t.inject(as(LIST_PLANS, ADMIN_KEY))).statusCode).toBe(200);
    });
  });

  describe('in production with API_KEYS only', () => {
    const t = useTestApp({ NODE_ENV: 'production', API_KEYS: KEY });

    it('refuses the admin routes to every key: 403', async () => {
      expectProblem(await t.inject(as(LIST_PLANS, KEY)), 403);
      expect(
        (
          await t.inject(
            as({ method: 'GET', url: '/mobile/alice/billing' }, KEY),
          )
        ).statusCode,
      ).toBe(200);
    });
  });

  describe('in production with AUTH_DISABLED=true', () => {
    const t = useTestApp({ NODE_ENV: 'production', AUTH_DISABLED: 'true' });

    it('leaves the admin routes open, as it says', async () => {
      expect((await t.inject(LIST_PLANS)).statusCode).toBe(200);
    });
  });
});
