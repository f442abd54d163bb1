import { expectProblem } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi } from '../support/admin-api.js';
import { FUTURE, LATER } from '../support/dates.js';

const EPOCH = '1970-01-01T00:00:00.000Z';

describe('GET /admin/plans (SPEC §7)', () => {
  const t = useTestApp();
  const admin = new AdminApi(t);

  interface PlanPage {
    data: { plan: string; versions: { effective_from: string }[] }[];
    next_cursor: string | null;
  }

  it('lists the default plan of a new database, with its first version', async () => {
    const response = await admin.listPlans();

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      data: [
        {
          plan: 'default',
          versions: [
            {
              effective_from: EPOCH,
              amount_decimals: 2,
              rounding: 'half_up',
              rate_count: 1,
            },
          ],
        },
      ],
      next_cursor: null,
    });
  });

  it('pages every plan by name, once each, each with all its versions', async () => {
    const names = ['b-plan', 'a-plan', 'gold', 'z_9', 'c'];
    for (const plan of names) {
      await admin.putVersion(plan, FUTURE, {
        rates: [{ prefix: '', price: '1' }],
      });
    }
    await admin.putVersion('gold', LATER, {
      rounding: 'up',
      rates: [
        { prefix: '', price: '1.5' },
        { prefix: '1', price: '2' },
      ],
    });

    const seen: PlanPage['data'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await admin.listPlans({
        limit: 2,
        ...(cursor === null ? {} : { cursor }),
      });
      expect(response.statusCode).toBe(200);
      const page = response.json<PlanPage>();
      seen.push(...page.data);
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);

    expect(pages).toBe(3);
    expect(seen.map(({ plan }) => plan)).toEqual([
      'a-plan',
      'b-plan',
      'c',
      'default',
      'gold',
      'z_9',
    ]);
    expect(seen.find(({ plan }) => plan === 'gold')?.versions).toEqual([
      {
        effective_from: FUTURE,
        amount_decimals: 0,
        rounding: 'half_up',
        rate_count: 1,
      },
      {
        effective_from: LATER,
        amount_decimals: 1,
        rounding: 'up',
        rate_count: 2,
      },
    ]);
  });

  it('drops a plan whose last version is deleted', async () => {
    await admin.putVersion('gold', FUTURE, {
      rates: [{ prefix: '', price: '1' }],
    });
    await admin.deleteVersion('gold', FUTURE);

    expect(
      (await admin.listPlans()).json<PlanPage>().data.map(({ plan }) => plan),
    ).toEqual(['default']);
  });

  it.each<Record<string, string | number>>([
    { limit: 0 },
    { limit: 1001 },
    { limit: '1e2' },
    { cursor: 'x' },
    { page: 2 },
  ])('refuses the query %j: 400', async (query) => {
    expectProblem(await admin.listPlans(query), 400);
  });
});
