import { expectProblem } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';
import { AdminApi } from '../support/admin-api.js';
import { FUTURE, LATER } from '../support/dates.js';

const EPOCH = '1970-01-01T00:00:00.000Z';
const HOUR = 3_600_000;

describe('Plan assignments and rate lookups (SPEC §7)', () => {
  const t = useTestApp();
  const admin = new AdminApi(t);

  beforeEach(async () => {
    await admin.putVersion('gold', FUTURE, {
      amount_decimals: 2,
      rates: [
        { prefix: '', price: '0.01' },
        {
          prefix: '44',
          first_block_seconds: 1,
          increment_seconds: 1,
          price: '0.60',
        },
      ],
    });
  });

  describe('PUT /admin/users/{user_name}/plan', () => {
    it('puts a user on a plan from an instant, and lists the assignments in order', async () => {
      const later = await admin.putAssignment('alice', {
        plan: 'gold',
        effective_from: LATER,
      });
      const first = await admin.putAssignment('alice', {
        plan: 'default',
        effective_from: FUTURE,
      });

      expect(later.statusCode).toBe(200);
      expect(later.json()).toEqual({
        user_name: 'alice',
        assignments: [{ plan: 'gold', effective_from: LATER }],
      });
      expect(first.json()).toEqual({
        user_name: 'alice',
        assignments: [
          { plan: 'default', effective_from: FUTURE },
          { plan: 'gold', effective_from: LATER },
        ],
      });
      expect((await admin.assignments('alice')).json()).toEqual(first.json());
    });

    it('replaces the assignment from the same instant', async () => {
      await admin.putAssignment('alice', {
        plan: 'default',
        effective_from: FUTURE,
      });
      const response = await admin.putAssignment('alice', {
        plan: 'gold',
        effective_from: '2100-01-01T01:00:00+01:00',
      });

      expect(response.json()).toMatchObject({
        assignments: [{ plan: 'gold', effective_from: FUTURE }],
      });
    });

    it('takes effect now by default: the next call is rated by the plan', async () => {
      // gold has no version in force yet: its calls are rated with default's.
      const before = Date.now();
      const response = await admin.putAssignment('bob', { plan: 'gold' });

      const [assignment] = response.json<{
        assignments: { effective_from: string }[];
      }>().assignments;
      const at = Date.parse(assignment?.effective_from ?? '');
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
      const call = await t.putCall('bob', { call_duration: 1000 });
      expect(call.json()).toMatchObject({
        rate: { plan: 'default', version: EPOCH, prefix: '' },
      });
    });

    it('answers 400 naming plan for a plan without versions', async () => {
      const response = await admin.putAssignment('alice', { plan: 'platinum' });

      expectProblem(response, 400);
      expect(response.json()).toMatchObject({ errors: [{ field: 'plan' }] });
      expect((await admin.assignments('alice')).json()).toEqual({
        user_name: 'alice',
        assignments: [],
      });
    });

    it.each([
      [{}, 'plan'],
      [{ plan: 'Gold' }, 'plan'],
      [{ plan: 'gold', effective_from: 'tomorrow' }, 'effective_from'],
      [{ plan: 'gold', colour: 'red' }, 'colour'],
    ])('refuses the body %j: 400 naming %s', async (body, field) => {
      const response = await admin.putAssignment('alice', body);

      expectProblem(response, 400);
      expect(
        response.json<{ errors: { field: string }[] }>().errors,
      ).toContainEqual(expect.objectContaining({ field }));
    });

    it('refuses a bad user name: 400', async () => {
      expectProblem(
        await admin.putAssignment('bad%20name', { plan: 'gold' }),
        400,
      );
      expectProblem(await admin.assignments('a'.repeat(33)), 400);
    });

    it('refuses an assignment before now: 409, nothing stored', async () => {
      const response = await admin.putAssignment('alice', {
        plan: 'gold',
        effective_from: '2020-01-01T00:00:00Z',
      });

      expectProblem(response, 409);
      expect(response.json()).toMatchObject({
        errors: [{ field: 'effective_from' }],
      });
      expect((await admin.assignments('alice')).json()).toMatchObject({
        assignments: [],
      });
    });
  });

  describe('corrections (backdate=true)', () => {
    it('re-rates the calls a backdated assignment affects, or with dry_run only says so', async () => {
      const hourAgo = new Date(Date.now() - HOUR).toISOString();
      await admin.putVersion(
        'gold',
        new Date(Date.now() - 3 * HOUR).toISOString(),
        {
          amount_decimals: 2,
          rates: [
            {
              prefix: '',
              first_block_seconds: 1,
              increment_seconds: 1,
              price: '0.60',
            },
          ],
        },
        { backdate: 'true' },
      );
      await t.putCall('carol', { call_duration: 60_000, started_at: hourAgo });
      const billBefore = (await t.getBill('carol')).json<{ amount: string }>();
      const since = new Date(Date.now() - 2 * HOUR).toISOString();

      const dryRun = await admin.putAssignment(
        'carol',
        { plan: 'gold', effective_from: since },
        { backdate: 'true', dry_run: 'true' },
      );
      expect(dryRun.statusCode).toBe(200);
      expect(dryRun.json()).toEqual({
        user_name: 'carol',
        assignments: [],
        rerated_calls: 1,
        delta: '0.50',
      });
      expect((await t.getBill('carol')).json()).toMatchObject(billBefore);

      const done = await admin.putAssignment(
        'carol',
        { plan: 'gold', effective_from: since },
        { backdate: 'true' },
      );
      expect(done.json()).toMatchObject({
        assignments: [{ plan: 'gold', effective_from: since }],
        rerated_calls: 1,
        delta: '0.50',
      });
      expect((await t.getBill('carol')).json()).toMatchObject({
        amount: '0.60',
      });
    });

    it('re-rates the calls a backdated version affects', async () => {
      await t.putCall('dave', {
        call_duration: 60_000,
        started_at: new Date(Date.now() - HOUR).toISOString(),
      });
      const response = await admin.putVersion(
        'default',
        new Date(Date.now() - 2 * HOUR).toISOString(),
        { amount_decimals: 3, rates: [{ prefix: '', price: '0.5' }] },
        { backdate: 'true' },
      );

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        rerated_calls: 1,
        delta: '0.400',
      });
      expect((await t.getBill('dave')).json()).toMatchObject({
        amount: '0.500',
      });
    });
  });

  describe('GET /mobile/{user_name}/rate', () => {
    it('answers the rate a call would get: plan, version, longest prefix', async () => {
      await admin.putAssignment('alice', {
        plan: 'gold',
        effective_from: FUTURE,
      });

      const now = await admin.rate('alice', { destination: '+4420' });
      const then = await admin.rate('alice', {
        destination: '4420',
        at: '2100-06-01T00:00:00Z',
      });

      expect(now.statusCode).toBe(200);
      expect(now.json()).toEqual({
        plan: 'default',
        version: EPOCH,
        prefix: '',
        first_block_seconds: 30,
        increment_seconds: 30,
        price: '0.05',
        price_unit_seconds: 30,
        connect_fee: '0',
        no_charge_seconds: 0,
        amount_decimals: 2,
        rounding: 'half_up',
        currency: 'USD',
      });
      expect(then.json()).toMatchObject({
        plan: 'gold',
        version: FUTURE,
        prefix: '44',
        first_block_seconds: 1,
        price: '0.6',
      });
    });

    it.each<Record<string, string>>([
      { destination: '+44x' },
      { at: 'now' },
      { dest: '44' },
    ])('refuses the query %j: 400', async (query) => {
      expectProblem(await admin.rate('alice', query), 400);
    });
  });
});
