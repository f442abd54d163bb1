import { AdminApi, type Summary } from '../support/admin-api.js';
import { apiOf, seedCalls } from '../support/api.js';
import { monthsAgo } from '../support/dates.js';
import { eventually } from '../support/eventually.js';
import { useServiceOnTestDatabase } from './service-on-test-database.js';

/**
 * SPEC §8: a period closes by itself once its month has ended and BILLING_GRACE_HOURS have
 * passed, unless BILLING_AUTO_CLOSE=false. The built service checks at start and every minute.
 */
describe('closing by itself', () => {
  const service = useServiceOnTestDatabase();

  afterEach(() => service.stop('SIGTERM'));

  async function periods(): Promise<Summary[]> {
    const response = await new AdminApi(service.testApp.app).periods();
    return response.json<{ data: Summary[] }>().data;
  }

  async function start(env: Record<string, string>): Promise<void> {
    await service.stop('SIGTERM');
    await service.start(env);
  }

  it('closes every due period with calls, in order, at start; not the month under way', async () => {
    // The two months before this one ended less than 2,160 hours (90 days) ago.
    const [thisMonth, lastMonth, monthBefore] = [0, 1, 2].map(monthsAgo);
    await seedCalls(apiOf(service.testApp.app), [
      { user: 'alice', ms: 1_000, startedAt: `${monthBefore}-10T00:00:00Z` },
      { user: 'bob', ms: 1_000, startedAt: `${lastMonth}-10T00:00:00Z` },
      { user: 'alice', ms: 1_000, startedAt: new Date().toISOString() },
    ]);

    await start({ BILLING_AUTO_CLOSE: 'false', BILLING_GRACE_HOURS: '0' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await periods()).map(({ status }) => status)).toEqual([
      'open',
      'open',
      'open',
    ]);

    await start({ BILLING_GRACE_HOURS: '2160' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await periods()).every(({ status }) => status === 'open')).toBe(
      true,
    );

    await start({ BILLING_GRACE_HOURS: '0' });
    await eventually(
      async () =>
        (await periods()).filter(({ status }) => status === 'closed').length ===
        2,
      20,
    );
    expect(await periods()).toMatchObject([
      { period: thisMonth, status: 'open' },
      { period: lastMonth, status: 'closed', invoice_count: 1 },
      { period: monthBefore, status: 'closed', invoice_count: 1 },
    ]);
  }, 90_000);
});
