import { expectProblem } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi, defaultRate, versionJson } from '../support/admin-api.js';
import { FUTURE, LATER } from '../support/dates.js';

const GOLD = {
  rates: [
    { prefix: '', price: '0.02' },
    {
      prefix: '4420',
      first_block_seconds: 30,
      increment_seconds: 6,
      price: '0.006',
      connect_fee: '0.15',
    },
  ],
};

describe('Tariff versions (SPEC §7 admin API)', () => {
  const t = useTestApp();
  const admin = new AdminApi(t);

  /** The stored tariff revision, and each version's. */
  async function revisions() {
    const [state] = await t.dataSource.query<{ tariff_revision: unknown }[]>(
      'SELECT tariff_revision FROM ledger_state WHERE id = 1',
    );
    const versions = await t.dataSource.query<
      { plan: string; revision: unknown }[]
    >('SELECT plan, revision FROM tariff_versions ORDER BY plan');
    return {
      ledger: Number(state?.tariff_revision),
      versions: Object.fromEntries(
        versions.map((v) => [v.plan, Number(v.revision)]),
      ),
    };
  }

  describe('PUT', () => {
    it('creates a version (201) from JSON, with its defaults', async () => {
      const response = await admin.putVersion('gold', FUTURE, GOLD);

      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual(versionJson('gold', FUTURE, 3, 2));
      expect((await admin.getVersion('gold', FUTURE)).json()).toMatchObject({
        data: [
          defaultRate('0.02'),
          {
            prefix: '4420',
            first_block_seconds: 30,
            increment_seconds: 6,
            price: '0.006',
            price_unit_seconds: 60,
            connect_fee: '0.15',
            no_charge_seconds: 0,
          },
        ],
      });
    });

    it('replaces a version not yet in force (200), its old rates gone', async () => {
      await admin.putVersion('gold', FUTURE, GOLD);
      const response = await admin.putVersion('gold', FUTURE, {
        amount_decimals: 2,
        rounding: 'down',
        rates: [{ prefix: '', price: '1' }],
      });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        amount_decimals: 2,
        rounding: 'down',
        rate_count: 1,
      });
      const version = (await admin.getVersion('gold', FUTURE)).json<{
        data: { prefix: string; price: string }[];
      }>();
      expect(version.data).toEqual([
        expect.objectContaining({ prefix: '', price: '1' }),
      ]);
    });

    it('steps the tariff revision by one per change, and stamps the version with it', async () => {
      const before = await revisions();

      await admin.putVersion('gold', FUTURE, GOLD);
      const created = await revisions();
      await admin.putVersion('gold', FUTURE, GOLD);
      const replaced = await revisions();
      await admin.deleteVersion('gold', FUTURE);
      const deleted = await revisions();

      expect(created.ledger).toBe(before.ledger + 1);
      expect(created.versions.gold).toBe(created.ledger);
      expect(replaced.ledger).toBe(before.ledger + 2);
      expect(replaced.versions.gold).toBe(replaced.ledger);
      expect(deleted.ledger).toBe(before.ledger + 3);
      expect(deleted.versions.gold).toBeUndefined();
    });

    it.each([
      ['in the past', '2020-01-01T00:00:00.000Z'],
      ['the default plan’s first version', '1970-01-01T00:00:00Z'],
    ])(
      'refuses a version in force (%s): 409, nothing changed',
      async (_, at) => {
        const before = await revisions();
        const response = await admin.putVersion('default', at, GOLD);

        expectProblem(response, 409);
        expect(response.json()).toMatchObject({
          errors: [{ field: 'effective_from' }],
        });
        expect(await revisions()).toEqual(before);
      },
    );

    it('refuses a version in force before reading its body', async () => {
      const response = await admin.putVersion(
        'gold',
        '2020-01-01T00:00:00Z',
        'not,a,deck',
      );

      expectProblem(response, 409);
    });

    it.each([
      ['plan', 'Gold', FUTURE],
      ['plan', 'x'.repeat(33), FUTURE],
      ['effective_from', 'gold', '2100-01-01'],
      ['effective_from', 'gold', '2100-01-01T00:00:00.0000Z'],
      ['effective_from', 'gold', '2100-02-30T00:00:00Z'],
      ['effective_from', 'gold', '2100-01-01T00:00:00'],
    ])('refuses a bad %s in the path: 400', async (field, plan, at) => {
      const response = await admin.putVersion(plan, at, GOLD);

      expectProblem(response, 400);
      expect(response.json()).toMatchObject({ errors: [{ field }] });
    });

    it('takes an offset in effective_from, and answers the instant in UTC', async () => {
      const response = await admin.putVersion(
        'gold',
        '2100-01-01T02:00:00+02:00',
        GOLD,
      );

      expect(response.json()).toMatchObject({ effective_from: FUTURE });
    });

    it('refuses JSON numbers for prices, naming the item and field', async () => {
      const response = await admin.putVersion('gold', FUTURE, {
        rates: [{ prefix: '', price: 0.02 }],
      });

      expectProblem(response, 400);
      expect(response.json()).toMatchObject({
        errors: [{ field: 'rates[0].price' }],
      });
    });

    it('refuses a fraction that a double rounds to a whole number, storing nothing', async () => {
      const response = await t.inject({
        method: 'PUT',
        url: `/admin/plans/gold/versions/${FUTURE}`,
        headers: { 'content-type': 'application/json' },
        payload:
          '{"rates":[{"prefix":"","price":"1","first_block_seconds":60.0000000000000001}]}',
      });

      expectProblem(response, 400);
      expect(response.json()).toMatchObject({
        errors: [{ field: 'rates[0].first_block_seconds' }],
      });
      expectProblem(await admin.getVersion('gold', FUTURE), 404);
    });

    it('names at most 10 faults and counts the rest', async () => {
      const rates = [
        { prefix: '', price: '1' },
        ...Array.from({ length: 50 }, (_, i) => ({
          prefix: `${i}`,
          price: '-1',
        })),
      ];
      const response = await admin.putVersion('gold', FUTURE, { rates });

      expectProblem(response, 400);
      const body = response.json<{
        errors: unknown[];
        errors_omitted: number;
      }>();
      expect(body.errors).toHaveLength(10);
      expect(body.errors_omitted).toBe(40);
    });

    it.each([
      [{}, 'rates'],
      [{ rates: 'all' }, 'rates'],
      [{ rates: [] }, 'rates'],
      [{ rates: [{ prefix: '1', price: '1' }] }, 'rates'],
      [{ rates: [{ prefix: '', price: '1' }], currency: 'EUR' }, 'currency'],
      [
        { rates: [{ prefix: '', price: '1' }], amount_decimals: 9 },
        'amount_decimals',
      ],
      [{ rates: [{ prefix: '', price: '1' }], rounding: 'even' }, 'rounding'],
    ])('refuses the body %j, naming %s', async (body, field) => {
      const response = await admin.putVersion('gold', FUTURE, body);

      expectProblem(response, 400);
      expect(response.json<{ errors: { field: string }[] }>().errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });

    it.each([
      ['[{"prefix":"","price":"1"}]'],
      ['{"rates":[{"prefix":"","price":"1"},]}'],
      ['{"rates":[{"prefix":"","price":"1"}'],
      ['{"rates":[{"prefix":"","price":"1"}] "rounding":"up"}'],
      ['null'],
    ])('refuses %s: 400', async (text) => {
      const response = await t.inject({
        method: 'PUT',
        url: `/admin/plans/gold/versions/${FUTURE}`,
        headers: { 'content-type': 'application/json' },
        payload: text,
      });

      expectProblem(response, 400);
    });

    it('refuses amount_decimals or rounding in the query with a JSON body', async () => {
      const response = await admin.putVersion('gold', FUTURE, GOLD, {
        amount_decimals: '2',
      });

      expectProblem(response, 400);
      expect(response.json()).toMatchObject({
        errors: [{ field: 'amount_decimals' }],
      });
    });

    it('refuses dry_run without backdate, and unknown query parameters', async () => {
      expectProblem(
        await admin.putVersion('gold', FUTURE, GOLD, { dry_run: 'true' }),
        400,
      );
      expectProblem(
        await admin.putVersion('gold', FUTURE, GOLD, { force: 'true' }),
        400,
      );
    });

    it('refuses an empty body and another media type', async () => {
      expectProblem(
        await t.inject({
          method: 'PUT',
          url: `/admin/plans/gold/versions/${FUTURE}`,
        }),
        400,
      );
      expectProblem(
        await admin.putVersion('gold', FUTURE, 'prefix,price', '', {
          'content-type': 'text/plain',
        }),
        415,
      );
    });
  });

  describe('GET one version', () => {
    beforeEach(async () => {
      const rates = [
        { prefix: '', price: '1' },
        ...['1', '4', '44', '441', '4420', '45', '5'].map((prefix) => ({
          prefix,
          price: '0.5',
        })),
      ];
      await admin.putVersion('gold', FUTURE, { rates });
    });

    async function walk(query: Record<string, string | number>) {
      const prefixes: string[] = [];
      let cursor: string | null = null;
      for (let pages = 1; ; pages++) {
        const response = await admin.getVersion('gold', FUTURE, {
          ...query,
          ...(cursor === null ? {} : { cursor }),
        });
        expect(response.statusCode).toBe(200);
        const page = response.json<{
          data: { prefix: string }[];
          next_cursor: string | null;
        }>();
        prefixes.push(...page.data.map((rate) => rate.prefix));
        cursor = page.next_cursor;
        if (cursor === null) return { prefixes, pages };
      }
    }

    it('pages its rates by prefix, each once', async () => {
      expect(await walk({ limit: 3 })).toEqual({
        prefixes: ['', '1', '4', '44', '441', '4420', '45', '5'],
        pages: 3,
      });
    });

    it('filters by the start of the prefix', async () => {
      expect((await walk({ prefix: '44', limit: 1 })).prefixes).toEqual([
        '44',
        '441',
        '4420',
      ]);
    });

    it('answers the version with the page', async () => {
      expect(
        (await admin.getVersion('gold', FUTURE, { limit: 1 })).json(),
      ).toMatchObject({
        plan: 'gold',
        effective_from: FUTURE,
        amount_decimals: 1,
        rounding: 'half_up',
        rate_count: 8,
        data: [{ prefix: '' }],
        next_cursor: expect.any(String) as unknown,
      });
    });

    it.each<Record<string, string | number>>([
      { limit: 0 },
      { limit: 1001 },
      { limit: 'ten' },
      { cursor: 'bogus' },
      { prefix: 'x' },
      { prefix: '' },
    ])('refuses the query %j: 400', async (query) => {
      expectProblem(await admin.getVersion('gold', FUTURE, query), 400);
    });

    it('answers 404 for a version there is not', async () => {
      expectProblem(await admin.getVersion('gold', LATER), 404);
      expectProblem(await admin.getVersion('silver', FUTURE), 404);
    });
  });

  describe('DELETE', () => {
    it('deletes a version not yet in force: 204, then 404', async () => {
      await admin.putVersion('gold', FUTURE, GOLD);

      const response = await admin.deleteVersion('gold', FUTURE);

      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expectProblem(await admin.getVersion('gold', FUTURE), 404);
      expectProblem(await admin.deleteVersion('gold', FUTURE), 404);
    });

    it('takes no body: an empty one with a JSON content type is none, a field is a 400', async () => {
      await admin.putVersion('gold', FUTURE, GOLD);
      const remove = (payload: string) =>
        t.inject({
          method: 'DELETE',
          url: `/admin/plans/gold/versions/${FUTURE}`,
          headers: { 'content-type': 'application/json' },
          payload,
        });

      const refused = await remove('{"rates": []}');
      expectProblem(refused, 400);
      expect(refused.json()).toMatchObject({ errors: [{ field: 'rates' }] });
      expect((await admin.getVersion('gold', FUTURE)).statusCode).toBe(200);
      expect((await remove('')).statusCode).toBe(204);
    });

    it('refuses to delete a version in force: 409', async () => {
      const response = await admin.deleteVersion(
        'default',
        '1970-01-01T00:00:00.000Z',
      );

      expectProblem(response, 409);
      expect(
        (await admin.getVersion('default', '1970-01-01T00:00:00Z')).statusCode,
      ).toBe(200);
    });
  });
});
