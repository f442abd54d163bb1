import type { InjectOptions } from 'fastify';
import { expectExactProblem } from './support/expectations.js';
import {
  API_KEY as KEY,
  bearer,
  OTHER_API_KEY as OTHER_KEY,
} from './support/auth.js';
import { useTestApp } from './support/test-app.js';
const LIMIT = 3;

function bill(
  options: { key?: string; remoteAddress?: string } = {},
): InjectOptions {
  return {
    method: 'GET',
    url: '/mobile/alice/billing',
    remoteAddress: options.remoteAddress ?? '10.0.0.1',
    headers: options.key === undefined ? {} : bearer(options.key),
  };
}

describe('rate limit (SPEC §5)', () => {
  describe('per client, with API keys', () => {
    const t = useTestApp({
      API_KEYS: `${KEY},${OTHER_KEY}`,
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });

    // The app counts requests in memory: each test starts with a fresh one.
    beforeEach(() => t.restart());

    async function send(request: InjectOptions, times: number) {
      const statuses: number[] = [];
      for (let i = 0; i < times; i++) {
        statuses.push((await t.inject(request)).statusCode);
      }
      return statuses;
    }

    it('answers 429 problem+json with Retry-After over the limit', async () => {
      expect(await send(bill({ key: KEY }), LIMIT)).toEqual([200, 200, 200]);

      const response = await t.inject(bill({ key: KEY }));

      expectExactProblem(response, 429, /at most 3 a minute/);
      const retryAfter = Number(response.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(response.headers['x-ratelimit-limit']).toBe(String(LIMIT));
    });

    it('counts by key: another key, from the same address, has its own budget', async () => {
      await send(bill({ key: KEY }), LIMIT);

      expect((await t.inject(bill({ key: KEY }))).statusCode).toBe(429);
      expect((await t.inject(bill({ key: OTHER_KEY }))).statusCode).toBe(200);
    });

    it('counts by key: one key from many addresses shares one budget', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= LIMIT + 1; i++) {
        const response = await t.inject(
          bill({ key: KEY, remoteAddress: `10.0.1.${i}` }),
        );
        statuses.push(response.statusCode);
      }

      expect(statuses).toEqual([200, 200, 200, 429]);
    });

    it('counts requests without a valid key by address, so guessing keys is limited too', async () => {
      const guesses = await send(
        bill({ key: 'guessed-key-000000000000', remoteAddress: '10.0.2.1' }),
        LIMIT + 1,
      );

      expect(guesses).toEqual([401, 401, 401, 429]);
      expect(
        (await t.inject(bill({ remoteAddress: '10.0.2.2' }))).statusCode,
      ).toBe(401);
      expect(
        (await t.inject(bill({ key: KEY, remoteAddress: '10.0.2.1' })))
          .statusCode,
      ).toBe(200);
    });

    it.each(['/health', '/metrics'])('never limits %s', async (url) => {
      const statuses = await send(
        { method: 'GET', url, remoteAddress: '10.0.3.1' },
        LIMIT * 3,
      );

      expect(statuses).not.toContain(429);
    });
  });

  describe('settings', () => {
    const t = useTestApp();

    it('is on by default, at 6000 a minute', async () => {
      // test-app turns the limit off for the other suites; unset, the default applies.
      await t.restart({ RATE_LIMIT_PER_MINUTE: '' });
      const response = await t.inject(bill());

      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe('6000');
    });

    it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
      await t.restart({ RATE_LIMIT_PER_MINUTE: '0' });
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) {
        const response = await t.inject(bill());
        statuses.push(response.statusCode);
        expect(response.headers['x-ratelimit-limit']).toBeUndefined();
      }

      expect(new Set(statuses)).toEqual(new Set([200]));
    });
  });
});
