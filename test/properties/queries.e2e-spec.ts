import fc from 'fast-check';
import type { CallOverrides } from '../factories/call.factory.js';
import type { Param, Seeded } from './cases.js';
import type { ListedCall } from '../support/oracle/call-json.js';
import {
  cursorSuffix,
  pagesOf,
  type Page,
  type PageFetch,
} from '../support/pages.js';
import { plainPut } from './generators/put.js';
import { cursorText, queryCase } from './generators/queries.js';
import { useHarness, type Harness } from './harness.js';
import { listedJson } from './ledger.js';
import { utcMonthOf } from '../support/dates.js';
import { positionOf, SPEC, YEAR_10000_MS } from './oracle.js';
import { PROPERTY_TIMEOUT_MS, RUNS, suiteName } from './settings.js';
import { putStep, queryStep } from './steps.js';

/**
 * Calls across several months (and with ties on one millisecond), so that periods, pages and
 * cursors all have something to select. Returns them by user, newest first, in the wire format.
 */
async function seedCalls(
  h: Harness,
  now: Date,
): Promise<Map<string, ListedCall[]>> {
  const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);
  const nowMs = Math.floor(now.getTime() / 1000) * 1000 - 60_000;
  const plan: CallOverrides[] = [
    ...Array.from({ length: 150 }, (_, i) => ({
      userName: 'alice',
      callDuration: (i * 7919) % 600_001,
      createdAt: at('2026-10-01T00:00:00.000Z', i * 13_000_000),
    })),
    // 40 calls on one millisecond: only the id orders them.
    ...Array.from({ length: 40 }, (_, i) => ({
      userName: 'alice',
      callDuration: i * 30_000 + (i % 2),
      createdAt: new Date(nowMs),
    })),
    ...[0, 1, 1, 2].map((ms, i) => ({
      userName: 'alice',
      callDuration: SPEC.maxDuration - i,
      createdAt: at('1970-01-01T00:00:00.000Z', ms),
    })),
    ...[0, 999].map((ms) => ({
      userName: 'alice',
      callDuration: 30_001,
      createdAt: at('2038-01-19T03:14:07.000Z', ms),
    })),
    ...[1, 2, 3].map((i) => ({
      userName: 'Alice',
      callDuration: i,
      createdAt: new Date(nowMs + i),
    })),
    {
      userName: 'bob',
      callDuration: 545_000,
      createdAt: at('2000-02-29T23:59:59.999Z'),
    },
    // Started in one month, recorded in the next: billed in the first, listed by recording time.
    ...Array.from({ length: 5 }, (_, i) => ({
      userName: 'bob',
      callDuration: 60_000 * i,
      createdAt: at('2026-11-01T00:00:00.000Z', i * 1000),
      startedAt: at('2026-10-31T23:50:00.000Z', i * 1000),
      destination: i % 2 === 0 ? null : `4930${i}`,
    })),
    ...Array.from({ length: 7 }, (_, i) => ({
      userName: 'u_1.x+y@z-w',
      callDuration: i * 29_999,
      createdAt: at('2026-11-01T00:00:00.000Z', i),
    })),
  ];
  const stored = await h.t.insertCalls(plan);
  const byUser = new Map<string, ListedCall[]>();
  for (const call of stored) {
    h.ledger.add(call.userName, call.callDuration, utcMonthOf(call.startedAt));
    const wire = listedJson({
      id: String(call.id),
      user: call.userName,
      duration: call.callDuration,
      createdAt: call.createdAt.toISOString(),
      startedAt: call.startedAt.toISOString(),
      digits: call.destination,
    });
    byUser.set(call.userName, [...(byUser.get(call.userName) ?? []), wire]);
  }
  for (const calls of byUser.values()) {
    calls.sort((a, b) => {
      const [p, q] = [positionOf(a), positionOf(b)];
      return q.ms - p.ms || (q.id > p.id ? 1 : q.id < p.id ? -1 : 0);
    });
  }
  await h.expectStored('after seeding');
  return byUser;
}

/** Walks every page of a user's calls, checking the walk, and returns each page's cursor. */
async function issuedCursors(
  h: Harness,
  seeded: Seeded,
  user: string,
  limit: number,
): Promise<Param[]> {
  const cursors: Param[] = [];
  const seen: ListedCall[] = [];
  const fetch: PageFetch<ListedCall> = async (cursor) => {
    const response = await h.send({
      method: 'GET',
      url: `/mobile/${encodeURIComponent(user)}/calls?limit=${limit}${cursorSuffix(cursor)}`,
    });
    expect(response.statusCode).toBe(200);
    return JSON.parse(response.body) as Page<ListedCall>;
  };
  for await (const page of pagesOf(fetch)) {
    seen.push(...page.data);
    const last = page.data.at(-1);
    if (page.next_cursor !== null && last !== undefined)
      cursors.push({
        name: 'cursor',
        value: page.next_cursor,
        verdict: 'accept',
        position: positionOf(last),
      });
  }
  expect(seen).toEqual(seeded.get(user) ?? []);
  return cursors;
}

describe(suiteName('GET /mobile/{user}/billing and /calls'), () => {
  const h = useHarness();

  it(
    `GET billing and calls: random users, period, limit and cursor (${RUNS.queries} cases)`,
    async () => {
      const now = new Date();
      const seeded = await seedCalls(h, now);
      const issued = [
        ...(await issuedCursors(h, seeded, 'alice', 37)),
        ...(await issuedCursors(h, seeded, 'alice', 1)).filter(
          (_, i) => i % 10 === 0,
        ),
        ...(await issuedCursors(h, seeded, 'Alice', 1)),
        ...(await issuedCursors(h, seeded, 'u_1.x+y@z-w', 3)),
      ];
      const near = [...seeded.values()].flat().map(positionOf);
      await fc.assert(
        fc.asyncProperty(queryCase(now, issued, near), (c) =>
          h.step(() => queryStep(h, seeded, c)),
        ),
        { numRuns: RUNS.queries },
      );
      h.printOutcomes('queries');
    },
    PROPERTY_TIMEOUT_MS,
  );

  describe('bugs these properties found, as they shrank them', () => {
    // Found by the listing property: a forged cursor past the year 9999 used to page wrongly.
    it('reads a cursor from the year 10000 as the position it names, or refuses it', async () => {
      await putStep(h, plainPut('alice', 30_001));
      // base64url("253402300800000.0"): 10000-01-01T00:00:00.000Z, id 0. Every call is older.
      const cursor = cursorText({ ms: YEAR_10000_MS, id: 0n });
      expect(cursor).toBe('MjUzNDAyMzAwODAwMDAwLjA');

      const response = await h.send({
        method: 'GET',
        url: `/mobile/alice/calls?cursor=${cursor}`,
      });

      if (response.statusCode !== 400) {
        expect(response.statusCode).toBe(200);
        expect(JSON.parse(response.body)).toMatchObject({
          data: [{ user_name: 'alice', call_duration: 30_001 }],
          next_cursor: null,
        });
      }
    });
  });
});
