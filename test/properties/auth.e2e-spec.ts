import fc from 'fast-check';
import { validItem } from './generators/batch.js';
import { headersOf, keyChar, validUserName } from './generators/common.js';
import { putRequest, validPutCase } from './generators/put.js';
import {
  describeExchange,
  is2xx,
  useHarness,
  type Request,
} from './harness.js';
import { utcMonthOf } from '../support/dates.js';
import { PROPERTY_TIMEOUT_MS, RUNS, suiteName } from './settings.js';

describe(suiteName('every endpoint, with API_KEYS set'), () => {
  const KEY = 'prop-Key_0123456789.~+/abcdef';
  const OTHER = 'Zz9-'.repeat(8);

  // prettier-ignore
  const KEYED_BAD_AUTHORIZATIONS = [
    '', 'Bearer', 'Bearer ', `Basic ${KEY}`, KEY, `Token ${KEY}`, `Bearer ${KEY}x`,
    `Bearer x${KEY}`, `Bearer ${KEY.slice(1)}`, `Bearer ${KEY.slice(0, -1)}`,
    `Bearer ${KEY.toUpperCase()}`, `Bearer ${KEY},${OTHER}`, `Bearer ${KEY}${OTHER}`,
    `Bearer "${KEY}"`, `Bearer ${KEY} ${OTHER}`, `Bearer\t${KEY}`, `Bearer${KEY}`,
    `Bearer ${KEY}\u0000`, `Bearer ${Buffer.from(KEY).toString('base64')}`,
  ];

  const k = useHarness({ API_KEYS: `${KEY},${OTHER}` });

  /** Credentials the SPEC grants: `Bearer <a configured key>` (the scheme is case-insensitive). */
  const grants = (authorization: string | undefined): boolean =>
    authorization !== undefined &&
    [KEY, OTHER].some((key) =>
      new RegExp(`^bearer +${key.replace(/[.+/~]/g, '\\$&')} *$`, 'i').test(
        authorization,
      ),
    );

  const mutatedKey = fc
    .tuple(fc.constantFrom(KEY, OTHER), fc.nat(), keyChar)
    .map(([key, at, char]) => {
      const i = at % key.length;
      return (
        key.slice(0, i) + (key[i] === char ? '#' : char) + key.slice(i + 1)
      );
    });

  const badAuthorization: fc.Arbitrary<string | undefined> = fc
    .oneof(
      fc.constant(undefined),
      fc.constantFrom(...KEYED_BAD_AUTHORIZATIONS),
      fc.string({ maxLength: 70 }),
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc
        .string({ unit: keyChar, minLength: 16, maxLength: 64 })
        .map((token) => `Bearer ${token}`),
      mutatedKey.map((key) => `Bearer ${key}`),
    )
    .filter((authorization) => !grants(authorization));

  const apiRequest = fc.oneof(
    validPutCase.map(putRequest),
    fc
      .array(validItem, { minLength: 1, maxLength: 4 })
      .map((calls): Request => ({
        method: 'POST',
        url: '/calls/batch',
        payload: { calls },
      })),
    validUserName.map((user): Request => ({
      method: 'GET',
      url: `/mobile/${encodeURIComponent(user)}/billing`,
    })),
    validUserName.map((user): Request => ({
      method: 'GET',
      url: `/mobile/${encodeURIComponent(user)}/calls?limit=5`,
    })),
  );

  it(
    `refuses every request without a valid key: 401, nothing stored (${RUNS.auth} cases)`,
    async () => {
      for (const call of await k.t.insertCalls([
        { userName: 'alice', callDuration: 61_000 },
      ]))
        k.ledger.add(
          call.userName,
          call.callDuration,
          utcMonthOf(call.createdAt),
        );
      const authCase = fc.record({
        request: apiRequest,
        authorization: fc.oneof(
          { weight: 9, arbitrary: badAuthorization },
          // A few with the key, to show the refusals come from the key and nothing else.
          {
            weight: 1,
            arbitrary: fc.constantFrom(`Bearer ${KEY}`, `bearer  ${OTHER}`),
          },
        ),
      });
      await fc.assert(
        fc.asyncProperty(authCase, ({ request, authorization }) =>
          k.step(async () => {
            const sent: Request = {
              ...request,
              headers: headersOf({ ...request.headers, authorization }),
            };
            const response = await k.send(sent);
            k.tally(sent, response);
            const context = describeExchange(sent, response);
            if (grants(authorization)) {
              if (!is2xx(response.statusCode) && response.statusCode !== 409)
                throw new Error(
                  `a request with a valid key was refused:\n${context}`,
                );
              await k.resync(); // what a keyed write stored is checked by the other properties
              return;
            }
            if (response.statusCode !== 401)
              throw new Error(
                `a request without a valid key was not a 401:\n${context}`,
              );
            expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
            await k.expectStored(`after a 401\n${context}`);
          }),
        ),
        { numRuns: RUNS.auth },
      );
      k.printOutcomes('auth');
    },
    PROPERTY_TIMEOUT_MS,
  );
});
