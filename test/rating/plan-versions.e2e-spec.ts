import { expectProblem } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi, FUTURE, LATER } from './admin-api.js';

describe('PUT /admin/plans/{plan}/versions/{effective_from} (SPEC §7)', () => {
  const t = useTestApp();
  const admin = new AdminApi(t);

  it('creates a version (201) from JSON, with its defaults, and lists it', async () => {
    const response = await admin.putVersion('gold', FUTURE, {
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
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      plan: 'gold',
      effective_from: FUTURE,
      amount_decimals: 3,
      rounding: 'half_up',
      rate_count: 2,
    });
    const version = await admin.getVersion('gold', FUTURE);
    expect(version.statusCode).toBe(200);
    expect(version.json()).toMatchObject({
      plan: 'gold',
      rate_count: 2,
      data: [
        {
          prefix: '',
          first_block_seconds: 60,
          increment_seconds: 60,
          price: '0.02',
          price_unit_seconds: 60,
          connect_fee: '0',
          no_charge_seconds: 0,
        },
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
      next_cursor: null,
    });
  });

  it('replaces a version not yet in force (200)', async () => {
    await admin.putVersion('gold', LATER, {
      rates: [{ prefix: '', price: '1' }],
    });
    const response = await admin.putVersion(
      'gold',
      LATER,
      'prefix,price\n,2.5\n44,1\n',
      { rounding: 'up' },
    );

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      rate_count: 2,
      amount_decimals: 1,
      rounding: 'up',
    });
  });

  it('refuses a version in force: 409', async () => {
    const response = await admin.putVersion('gold', '2020-01-01T00:00:00Z', {
      rates: [{ prefix: '', price: '1' }],
    });

    expectProblem(response, 409);
  });

  it('names the faults of a CSV deck by line', async () => {
    const response = await admin.putVersion(
      'gold',
      FUTURE,
      'prefix,price\n44,0.05\n44,x\n',
    );

    expectProblem(response, 400);
    expect(response.json()).toMatchObject({
      errors: expect.arrayContaining([
        { field: 'lines[3].price', message: expect.any(String) as unknown },
      ]) as unknown,
    });
  });
});
