import fc from 'fast-check';
import { plainPut, putCase } from './generators/put.js';
import { expectRefused, useHarness } from './harness.js';
import { amountOf, blocksOf } from './oracle.js';
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
        amount,
      });
    }
    // SPEC §3.2's example: 545,000 ms and 30,001 ms are 21 blocks, 1.05.
    expect(amountOf(blocksOf(545_000n) + blocksOf(30_001n))).toBe('1.05');
    expect(amountOf(71_583n * 3n)).toBe('10737.45');
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
