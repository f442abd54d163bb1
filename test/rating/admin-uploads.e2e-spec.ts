import { gzipSync } from 'node:zlib';
import { expectProblem } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi, defaultRate } from '../support/admin-api.js';
import { FUTURE } from '../support/dates.js';

const MIB = 1024 * 1024;

/** A CSV deck of `count` rates ("" first), `prefix,price` lines of ~20 bytes. */
function csvDeck(count: number): string {
  const lines = ['prefix,price', ',0.05'];
  for (let i = 1; i < count; i++) lines.push(`${100_000_000 + i},0.0${i % 10}`);
  return `${lines.join('\n')}\n`;
}

describe('Version uploads as CSV, and the upload body limit (SPEC §7)', () => {
  const t = useTestApp();
  const admin = new AdminApi(t);

  async function rates(query = {}) {
    return (await admin.getVersion('gold', FUTURE, query)).json<{
      amount_decimals: number;
      rounding: string;
      rate_count: number;
      data: Record<string, unknown>[];
    }>();
  }

  it('reads the header in any order, absent columns and empty cells as defaults', async () => {
    const response = await admin.putVersion(
      'gold',
      FUTURE,
      'price,increment_seconds,prefix,first_block_seconds,connect_fee\r\n' +
        '0.02,,,,\r\n' +
        '\r\n' +
        '"0.006",6,"4420",30,0.15\r\n' +
        '0.1 , , 44 ,,',
    );

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      rate_count: 3,
      amount_decimals: 3,
    });
    expect((await rates()).data).toEqual([
      defaultRate('0.02'),
      expect.objectContaining({
        prefix: '44',
        price: '0.1',
        first_block_seconds: 60,
      }),
      expect.objectContaining({
        prefix: '4420',
        first_block_seconds: 30,
        increment_seconds: 6,
        price: '0.006',
        connect_fee: '0.15',
      }),
    ]);
  });

  it('takes amount_decimals and rounding from the query', async () => {
    await admin.putVersion('gold', FUTURE, 'prefix,price\n,0.05\n', {
      amount_decimals: '4',
      rounding: 'down',
    });

    expect(await rates()).toMatchObject({
      amount_decimals: 4,
      rounding: 'down',
    });
  });

  it.each([
    ['price\n0.05\n', 'lines[1]', /prefix/],
    ['prefix,price,colour\n,1,red\n', 'lines[1]', /colour/],
    ['prefix,price,price\n,1,2\n', 'lines[1]', /twice/],
    ['prefix,price\n,1\n44\n', 'lines[3]', /1 cells/],
    ['prefix,price\n,1\n\n44,1.2.3\n', 'lines[4].price', /decimal/],
    ['prefix,price\n,1\n44,1\n44,2\n', 'lines[4].prefix', /lines\[3\]/],
    [
      'prefix,price,first_block_seconds\n,1,0\n',
      'lines[2].first_block_seconds',
      /from 1/,
    ],
    ['prefix,price\n,"1\n', 'lines[2]', /quoted/],
    ['prefix,price\n1,1\n', 'rates', /prefix ""/],
    ['\n \n', 'body', /header/],
  ])('names the fault of %j: %s', async (csv, field, message) => {
    const response = await admin.putVersion('gold', FUTURE, csv);

    expectProblem(response, 400);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual({
      field,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it.each([
    [{ amount_decimals: '7' }, 'amount_decimals'],
    [{ amount_decimals: 'two' }, 'amount_decimals'],
    [{ rounding: 'HALF_UP' }, 'rounding'],
  ])('refuses the query %j with a CSV body', async (query, field) => {
    const response = await admin.putVersion(
      'gold',
      FUTURE,
      'prefix,price\n,1\n',
      query,
    );

    expectProblem(response, 400);
    expect(response.json()).toMatchObject({ errors: [{ field }] });
  });

  it('reads a gzip-encoded CSV body', async () => {
    const response = await t.inject({
      method: 'PUT',
      url: `/admin/plans/gold/versions/${FUTURE}`,
      headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' },
      payload: gzipSync(csvDeck(1000)),
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rate_count: 1000 });
  });

  it('refuses a CSV body in another charset, or that is not UTF-8', async () => {
    expectProblem(
      await admin.putVersion('gold', FUTURE, 'prefix,price\n,1\n', '', {
        'content-type': 'text/csv; charset=iso-8859-1',
      }),
      415,
    );
    const response = await t.inject({
      method: 'PUT',
      url: `/admin/plans/gold/versions/${FUTURE}`,
      headers: { 'content-type': 'text/csv' },
      payload: Buffer.from([0x70, 0x72, 0x65, 0xff, 0x0a]),
    });
    expectProblem(response, 400);
  });

  it('takes a body over 1 MiB here: 100,000 rates, stored in order', async () => {
    const csv = csvDeck(100_000);
    expect(csv.length).toBeGreaterThan(MIB);

    const response = await admin.putVersion('gold', FUTURE, csv);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rate_count: 100_000 });
    const last = await rates({ prefix: '100099999' });
    expect(last.data).toEqual([
      expect.objectContaining({ prefix: '100099999', price: '0.09' }),
    ]);
  });

  /** Every rate stored but those of the default plan's first version. */
  async function ratesStoredBesideDefault(): Promise<number> {
    const [stored] = await t.dataSource.query<{ n: unknown }[]>(
      "SELECT COUNT(*) AS n FROM tariff_rates WHERE rate_set <> 'default'",
    );
    return Number(stored?.n);
  }

  it('replaces a version of many rates, deleting them slice by slice', async () => {
    await admin.putVersion('gold', FUTURE, csvDeck(25_000));

    const response = await admin.putVersion(
      'gold',
      FUTURE,
      'prefix,price\n,1\n7,2\n',
    );

    expect(response.statusCode).toBe(200);
    expect((await rates()).data.map((rate) => rate.prefix)).toEqual(['', '7']);
    expect(await ratesStoredBesideDefault()).toBe(2);
    expect((await admin.deleteVersion('gold', FUTURE)).statusCode).toBe(204);
    expect(await ratesStoredBesideDefault()).toBe(0);
  });

  it('refuses a body over 64 MiB here: 413, nothing stored', async () => {
    const response = await admin.putVersion(
      'gold',
      FUTURE,
      `prefix,price\n,1\n${'#'.repeat(64 * MIB)}`,
    );

    expectProblem(response, 413);
    expectProblem(await admin.getVersion('gold', FUTURE), 404);
  });

  it('keeps the 1 MiB limit on every other route', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/calls/batch',
      headers: { 'content-type': 'application/json' },
      payload: `{"calls": [${' '.repeat(MIB + 10)}]}`,
    });

    expectProblem(response, 413);
  });

  it('answers 415 to a CSV body on a route that reads JSON', async () => {
    const response = await t.putCall('alice', 'call_duration\n1000\n', {
      'content-type': 'text/csv',
    });

    expectProblem(response, 415);
    expect(await t.callCount()).toBe(0);
  });
});
