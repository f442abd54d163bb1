/**
 * SPEC §5 and §7: the rating admin routes need an admin key (401 without a key, 403 with
 * another valid key, nothing changed), and `GET /mobile/{user}/rate` any key.
 */
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../support/expectations.js';
import { RatingApi, secondsAhead, useRatingApp } from './support.js';

const KEY = 'rating-user-key-0123456789';
const ADMIN_KEY = 'rating-admin-key-0123456789';

const { t } = useRatingApp({ API_KEYS: KEY, ADMIN_API_KEYS: ADMIN_KEY });

/** The rating API as a client holding `key` (none: no Authorization header) calls it. */
function as(key: string | undefined): RatingApi {
  return new RatingApi({
    inject: (options: InjectOptions) =>
      t.inject({
        ...options,
        headers: {
          ...options.headers,
          ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        },
      }),
  });
}

const VERSION = { rates: [{ prefix: '', price: '0.01' }] };

describe('who may use the rating API', () => {
  it.each([
    ['no key', 401, undefined],
    ['a key without the admin role', 403, KEY],
  ])(
    'refuses every admin route to %s (%d), changing nothing',
    async (_, status, key) => {
      const at = secondsAhead(30);
      const client = as(key);

      const answers = [
        await client.plans(),
        await client.putVersion('gold', at, VERSION),
        await client.putVersion(
          'default',
          '2026-11-01T00:00:00.000Z',
          VERSION,
          {
            backdate: 'true',
          },
        ),
        await client.getVersion('default', 0),
        await client.deleteVersion('default', 0),
        await client.assign('alice', 'default'),
        await client.assignments('alice'),
      ];

      for (const answer of answers) expectProblem(answer, status);
      const plans = await as(ADMIN_KEY).plans();
      expect(plans.statusCode).toBe(200);
      expect(
        plans.json<{ data: { plan: string }[] }>().data.map(({ plan }) => plan),
      ).toEqual(['default']);
      expect((await as(ADMIN_KEY).assignments('alice')).json()).toEqual({
        user_name: 'alice',
        assignments: [],
      });
    },
  );

  it('lets an admin key change plans, and any key read a rate', async () => {
    const at = secondsAhead(30);
    const admin = as(ADMIN_KEY);

    const stored = await admin.putVersion('gold', at, VERSION);
    const assigned = await admin.assign('alice', 'gold', at);
    const rates = await Promise.all(
      [KEY, ADMIN_KEY].map((key) =>
        as(key).rate('alice', { at: new Date(at).toISOString() }),
      ),
    );
    const anonymous = await as(undefined).rate('alice');

    expect(stored.statusCode).toBe(201);
    expect(assigned.statusCode).toBe(200);
    for (const rate of rates) {
      expect(rate.statusCode).toBe(200);
      expect(rate.json()).toMatchObject({ plan: 'gold', price: '0.01' });
    }
    expectProblem(anonymous, 401);
  });
});
