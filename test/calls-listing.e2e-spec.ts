import type { Call } from '../src/call-billing/persistence/call.entity.js';
import type { ListedCall } from './support/oracle/call-json.js';
import {
  cursorSuffix,
  everyItem,
  pagesOf,
  type Page as KeysetPage,
  type PageFetch,
} from './support/pages.js';
import { expectProblem } from './support/expectations.js';
import { useTestApp } from './support/test-app.js';

const t = useTestApp();

type Page = KeysetPage<ListedCall>;

/** Stores calls at chosen times, oldest first, so that ordering and months are known. */
async function seed(user: string, times: string[]): Promise<Call[]> {
  return t.insertCalls(
    times.map((time, i) => ({
      userName: user,
      callDuration: i,
      createdAt: new Date(time),
    })),
  );
}

/** The page of `user`'s calls for `query` after a cursor, which must be answered. */
function fetchPage(user: string, query: string): PageFetch<ListedCall> {
  return async (cursor) => {
    const response = await t.listCalls(user, `${query}${cursorSuffix(cursor)}`);
    expect(response.statusCode).toBe(200);
    return response.json<Page>();
  };
}

/** Every call of `user` for `query`, following `next_cursor` to the last page. */
const walk = (user: string, query: string) => everyItem(fetchPage(user, query));

describe('GET /mobile/{user_name}/calls', () => {
  it('lists a user’s calls newest first in the call wire format', async () => {
    const [older, newer] = await seed('alice', [
      '2026-10-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    ]);
    await seed('bob', ['2026-11-03T00:00:00.000Z']);

    const response = await t.listCalls('alice');

    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    expect(page.next_cursor).toBeNull();
    // As PUT answers a call (SPEC §3.1), then whether it was voided.
    const listed = (id: string | undefined, time: string, ms: number) => ({
      id,
      user_name: 'alice',
      call_duration: ms,
      created_at: time,
      updated_at: time,
      started_at: time,
      destination: null,
      billing_period: time.slice(0, 7),
      late: false,
      block_count: ms === 0 ? 0 : 1,
      billed_seconds: ms === 0 ? 0 : 30,
      amount: ms === 0 ? '0.00' : '0.05',
      rate: {
        plan: 'default',
        version: '1970-01-01T00:00:00.000Z',
        prefix: '',
      },
      voided_at: null,
      void_reason: null,
    });
    expect(page.data).toStrictEqual([
      listed(newer?.id, '2026-11-02T00:00:00.000Z', 1),
      listed(older?.id, '2026-10-01T00:00:00.000Z', 0),
    ]);
    expect(Object.keys(page.data[0] ?? {})).toEqual(
      Object.keys(listed('1', '2026-11-02T00:00:00.000Z', 1)),
    );
  });

  it('gives an empty page to a user with no calls', async () => {
    expect((await t.listCalls('nobody')).json()).toEqual({
      data: [],
      next_cursor: null,
    });
  });

  it('walks every call exactly once, page by page, even with equal timestamps', async () => {
    await seed(
      'alice',
      Array.from({ length: 25 }, (_, i) => `2026-11-01T00:00:0${i % 3}.000Z`),
    );

    const calls = await walk('alice', 'limit=4');

    expect(calls).toHaveLength(25);
    expect(new Set(calls.map((call) => call.id)).size).toBe(25);
  });

  it('misses and repeats nothing while new calls arrive during the walk', async () => {
    await seed(
      'alice',
      Array.from({ length: 10 }, (_, i) => `2026-11-01T00:00:${10 + i}.000Z`),
    );
    const before = new Set<string>();
    for await (const page of pagesOf(fetchPage('alice', 'limit=3'))) {
      page.data.forEach((call) => {
        expect(before.has(call.id)).toBe(false);
        before.add(call.id);
      });
      await t.putCall('alice', { call_duration: 1 });
    }

    expect(before.size).toBe(10);
  });

  it('keeps to one UTC month with period', async () => {
    await seed('alice', [
      '2026-10-31T23:59:59.999Z',
      '2026-11-01T00:00:00.000Z',
      '2026-11-30T23:59:59.999Z',
      '2026-12-01T00:00:00.000Z',
    ]);

    const calls = await walk('alice', 'period=2026-11&limit=1');

    expect(calls.map((call) => call.created_at)).toEqual([
      '2026-11-30T23:59:59.999Z',
      '2026-11-01T00:00:00.000Z',
    ]);
  });

  it('selects by billing period, the month a call started in, not the one it was recorded in', async () => {
    await t.insertCalls([
      {
        startedAt: new Date('2026-11-30T23:59:00.000Z'),
        createdAt: new Date('2026-12-01T00:00:05.000Z'),
      },
      {
        startedAt: new Date('2026-10-31T23:59:00.000Z'),
        createdAt: new Date('2026-11-01T00:00:05.000Z'),
      },
    ]);

    const calls = await walk('alice', 'period=2026-11&limit=1');

    expect(calls.map((call) => call.started_at)).toEqual([
      '2026-11-30T23:59:00.000Z',
    ]);
  });

  it('defaults to 100 calls a page', async () => {
    await seed(
      'alice',
      Array.from({ length: 101 }, () => '2026-11-01T00:00:00.000Z'),
    );
    const page = (await t.listCalls('alice')).json<Page>();
    expect(page.data).toHaveLength(100);
    expect(page.next_cursor).not.toBeNull();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=', 'limit'],
    ['cursor=garbage', 'cursor'],
    ['cursor=', 'cursor'],
    ['period=2026-13', 'period'],
    ['sort=asc', 'sort'],
  ])('rejects ?%s with a 400 naming %s', async (query, field) => {
    const response = await t.listCalls('alice', query);
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({ errors: [{ field }] });
  });

  it('accepts limit=1000', async () => {
    expect((await t.listCalls('alice', 'limit=1000')).statusCode).toBe(200);
  });
});
