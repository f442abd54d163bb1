import { insertCalls } from './factories/call.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  await t.clear();
});
afterAll(async () => {
  await t.close();
});

interface WireCall {
  id: string;
  user_name: string;
  call_duration: number;
  created_at: string;
}
interface Page {
  data: WireCall[];
  next_cursor: string | null;
}

const list = (user: string, query = '') =>
  t.app.inject({ method: 'GET', url: `/mobile/${user}/calls${query}` });

/** Stores calls at chosen times, oldest first, so that ordering and months are known. */
async function seed(user: string, times: string[]): Promise<void> {
  await insertCalls(
    t.dataSource,
    times.map((time, i) => ({
      userName: user,
      callDuration: i,
      createdAt: new Date(time),
    })),
  );
}

async function walk(user: string, query: string): Promise<WireCall[]> {
  const seen: WireCall[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string =
      cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await list(user, `?${query}${suffix}`);
    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    seen.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return seen;
}

describe('GET /mobile/{user_name}/calls', () => {
  it('lists a user’s calls newest first in the call wire format', async () => {
    await seed('alice', [
      '2026-10-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    ]);
    await seed('bob', ['2026-11-03T00:00:00.000Z']);

    const response = await list('alice');

    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    expect(page.next_cursor).toBeNull();
    expect(page.data.map((call) => call.created_at)).toEqual([
      '2026-11-02T00:00:00.000Z',
      '2026-10-01T00:00:00.000Z',
    ]);
    expect(Object.keys(page.data[0] ?? {}).sort()).toEqual(
      ['call_duration', 'created_at', 'id', 'updated_at', 'user_name'].sort(),
    );
  });

  it('gives an empty page to a user with no calls', async () => {
    expect((await list('nobody')).json()).toEqual({
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
    let cursor: string | null = null;
    do {
      const suffix: string =
        cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = (await list('alice', `?limit=3${suffix}`)).json<Page>();
      page.data.forEach((call) => {
        expect(before.has(call.id)).toBe(false);
        before.add(call.id);
      });
      cursor = page.next_cursor;
      await t.app.inject({
        method: 'PUT',
        url: '/mobile/alice/call',
        payload: { call_duration: 1 },
      });
    } while (cursor !== null);

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

  it('defaults to 100 calls a page', async () => {
    await seed(
      'alice',
      Array.from({ length: 101 }, () => '2026-11-01T00:00:00.000Z'),
    );
    const page = (await list('alice')).json<Page>();
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
    const response = await list('alice', `?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(response.json()).toMatchObject({ errors: [{ field }] });
  });

  it('accepts limit=1000', async () => {
    expect((await list('alice', '?limit=1000')).statusCode).toBe(200);
  });
});
