import fc from 'fast-check';
import { batchCase } from './generators/batch.js';
import { validPutCase } from './generators/put.js';
import { expectRefused, useHarness } from './harness.js';
import { PROPERTY_TIMEOUT_MS, RUNS, suiteName } from './settings.js';
import { batchStep, putStep } from './steps.js';

describe(suiteName('POST /calls/batch'), () => {
  const h = useHarness();

  it(
    `POST /calls/batch, interleaved with PUTs sharing the keys (${RUNS.batch} cases)`,
    async () => {
      const op = fc.oneof(
        { weight: 5, arbitrary: batchCase.map((c) => ({ batch: c })) },
        { weight: 1, arbitrary: validPutCase.map((c) => ({ put: c })) },
      );
      await fc.assert(
        fc.asyncProperty(op, (o) =>
          h.step(() =>
            'batch' in o ? batchStep(h, o.batch) : putStep(h, o.put),
          ),
        ),
        { numRuns: RUNS.batch },
      );
      h.printOutcomes('batch');
    },
    PROPERTY_TIMEOUT_MS,
  );

  describe('bugs these properties found, as they shrank them', () => {
    // Found by the PUT and the batch properties (shrunk to a "constructor" field): class-transformer
    // dropped keys named like Object.prototype's members unseen. The PUT's case: put.e2e-spec.ts.
    it.each<[string, string, string]>([
      [
        'a batch item',
        '/calls/batch',
        '{"calls":[{"user_name":"alice","call_duration":0,"valueOf":1}]}',
      ],
      [
        'a batch body',
        '/calls/batch',
        '{"calls":[{"user_name":"alice","call_duration":0}],"hasOwnProperty":1}',
      ],
    ])(
      'refuses a field named like an Object.prototype method in %s: 400, nothing stored',
      (_, url, payload) => expectRefused(h, 'POST', url, payload),
    );

    // Found by the batch property (shrunk to `{"calls":[[]]}`): it used to be a 500.
    it.each([
      ['an empty array', '{"calls":[[]]}'],
      [
        'an array holding a valid item',
        '{"calls":[[{"user_name":"alice","call_duration":1}]]}',
      ],
    ])('refuses a batch item that is %s: 400, nothing stored', (_, payload) =>
      expectRefused(h, 'POST', '/calls/batch', payload),
    );
  });
});
