import fc from 'fast-check';
import { plainPut, putCase } from './generators/put.js';
import { expectRefused, useHarness } from './harness.js';
import { readStartedAt } from './call-fields.js';
import { amountOf, blocksOf } from './ledger.js';
import { utcMonthOf } from '../support/dates.js';
import { PROPERTY_TIMEOUT_MS, RUNS, suiteName } from './settings.js';
import { putStep } from './steps.js';

describe(suiteName('PUT /mobile/{user}/call'), () => {
  const h = useHarness();

  it('bills hand-computed cases exactly as the test oracle does', async () => {
    // [duration ms, blocks, amount], worked out by hand for 30-second blocks at 0.05.
    const cases: [number, bigint, string][] = [
      [0, 0n, '0.00'],
      [1, 1n, '0.05'],
      [29_999, 1n, '0.05'],
      [30_000, 1n, '0.05'],
      [30_001, 2n, '0.10'],
      [545_000, 19n, '0.95'],
      [600_000, 20n, '1.00'],
      [2_147_483_647, 71_583n, '3579.15'],
    ];
    for (const [i, [duration, blocks, amount]] of cases.entries()) {
      expect(blocksOf(BigInt(duration))).toBe(blocks);
      expect(amountOf(blocks)).toBe(amount);
      const user = `hand-${i}`;
      await putStep(h, plainPut(user, duration));
      const bill = await h.send({
        method: 'GET',
        url: `/mobile/${user}/billing`,
      });
      expect(JSON.parse(bill.body)).toMatchObject({
        block_count: Number(blocks),
        billed_seconds: Number(blocks) * 30,
        amount,
      });
    }
    // SPEC §3.2's example: 545,000 ms and 30,001 ms are 21 blocks, 1.05.
    expect(amountOf(blocksOf(545_000n) + blocksOf(30_001n))).toBe('1.05');
    expect(amountOf(71_583n * 3n)).toBe('10737.45');
  });

  it('books hand-picked starts in the UTC month the test oracle says', async () => {
    // [started_at, the instant it names, its UTC month], worked out by hand.
    const cases: [string, string, string][] = [
      ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z', '2000-01'],
      ['2026-10-01T01:30:00+02:00', '2026-09-30T23:30:00.000Z', '2026-09'],
      ['2025-12-31T23:59:59.999-01:00', '2026-01-01T00:59:59.999Z', '2026-01'],
      ['2024-02-29T12:00:00.5+05:45', '2024-02-29T06:15:00.500Z', '2024-02'],
    ];
    for (const [i, [text, instant, month]] of cases.entries()) {
      const window = { from: Date.now(), to: Date.now() };
      const read = readStartedAt(text, window);
      expect(read).toEqual({
        verdict: 'accept',
        startedAt: { kind: 'at', ms: Date.parse(instant), text },
      });
      expect(utcMonthOf(instant)).toBe(month);
      const user = `start-${i}`;
      await putStep(
        h,
        plainPut(user, 1, { started_at: text, destination: '+49' }),
      );
      const listed = await h.send({
        method: 'GET',
        url: `/mobile/${user}/calls`,
      });
      expect(JSON.parse(listed.body)).toMatchObject({
        data: [
          { started_at: instant, billing_period: month, destination: '49' },
        ],
      });
    }
    // The SPEC's limits: not before 2000, at most 3 fraction digits, a zone.
    const now = { from: Date.now(), to: Date.now() };
    for (const text of [
      '1999-12-31T23:59:59.999Z',
      '2026-11-24T10:15:30.1234Z',
      '2026-11-24T10:15:30',
    ])
      expect(readStartedAt(text, now).verdict).toBe('reject');
  });

  it(
    `PUT /mobile/{user}/call: random users, bodies and headers (${RUNS.put} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(putCase, (c) => h.step(() => putStep(h, c))),
        { numRuns: RUNS.put },
      );
      h.printOutcomes('PUT');
    },
    PROPERTY_TIMEOUT_MS,
  );

  describe('bugs these properties found, as they shrank them', () => {
    // Found by the PUT and the batch properties (shrunk to a "constructor" field): class-transformer
    // dropped keys named like Object.prototype's members unseen. The batch's cases: batch.e2e-spec.ts.
    it.each<[string, string, string]>([
      ['a PUT body', '/mobile/alice/call', '{"call_duration":0,"toString":1}'],
    ])(
      'refuses a field named like an Object.prototype method in %s: 400, nothing stored',
      (_, url, payload) => expectRefused(h, 'PUT', url, payload),
    );
  });
});
