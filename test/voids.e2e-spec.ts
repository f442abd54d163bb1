import { expectProblem } from './support/expectations.js';
import { withHeaders } from './support/api.js';
import {
  AS_ADMIN as asAdmin,
  AS_CLIENT as asClient,
  KEYED_ENV,
} from './support/auth.js';
import { useTestApp } from './support/test-app.js';

describe('POST /mobile/{user_name}/calls/{id}/void in an open period', () => {
  const t = useTestApp(KEYED_ENV);
  const client = withHeaders(t, asClient);

  async function record(user: string, ms: number): Promise<string> {
    const response = await t.putCall(user, { call_duration: ms }, asClient);
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }

  function voidCall(
    user: string,
    id: string,
    body: unknown,
    headers = asAdmin,
  ) {
    return t.inject({
      method: 'POST',
      url: `/mobile/${user}/calls/${id}/void`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
  }

  it('takes the call out of the bill, keeps it, and answers it voided', async () => {
    const kept = await record('alice', 545_000);
    const voided = await record('alice', 30_001);

    const response = await voidCall('alice', voided, { reason: 'test call' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: voided,
      void_reason: 'test call',
      voided_at: expect.stringMatching(/Z$/) as unknown,
    });
    const bill = await client.getBill('alice');
    expect(bill.json()).toMatchObject({
      call_count: 1,
      amount: '0.95',
      block_count: 19,
    });
    const listed = await client.listCalls('alice');
    expect(
      listed.json<{ data: { id: string }[] }>().data.map(({ id }) => id),
    ).toEqual([kept]);
    const all = await client.listCalls('alice', { include_voided: 'true' });
    expect(all.json<{ data: { id: string }[] }>().data).toHaveLength(2);
  });

  it('answers the same result when voided again, and counts it once', async () => {
    const id = await record('alice', 60_000);
    const first = await voidCall('alice', id, { reason: 'duplicate CDR' });
    const again = await voidCall('alice', id, { reason: 'another reason' });

    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const bill = await client.getBill('alice');
    expect(bill.json()).toMatchObject({
      call_count: 0,
      amount: '0.00',
      lines: [],
    });
  });

  it('needs an admin key: 401 without a key, 403 with a client key', async () => {
    const id = await record('alice', 1_000);
    expectProblem(await voidCall('alice', id, { reason: 'x' }, {}), 401);
    expectProblem(await voidCall('alice', id, { reason: 'x' }, asClient), 403);
    const bill = await client.getBill('alice');
    expect(bill.json()).toMatchObject({ call_count: 1 });
  });

  it("answers 404 for another user's call or an unknown id, 400 for a bad id or reason", async () => {
    const id = await record('alice', 1_000);
    expectProblem(await voidCall('bob', id, { reason: 'x' }), 404);
    expectProblem(await voidCall('alice', '999999', { reason: 'x' }), 404);
    expectProblem(await voidCall('alice', 'abc', { reason: 'x' }), 400);
    expectProblem(await voidCall('alice', id, { reason: '' }), 400);
    expectProblem(
      await voidCall('alice', id, { reason: 'x'.repeat(201) }),
      400,
    );
    expectProblem(await voidCall('alice', id, {}), 400);
    const listed = await client.listCalls('alice');
    expect(
      listed.json<{ data: { voided_at: null }[] }>().data[0]?.voided_at,
    ).toBeNull();
  });
});
