import { ANY_TEXT, problemOf, type Problem } from './support/expectations.js';
import { useTestApp } from './support/test-app.js';

interface Request {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly payload?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const MIB = 1_048_576;

/** A body the size of `bytes`, valid JSON but for its size: whitespace is legal between tokens. */
function paddedCall(bytes: number): string {
  const body = '{"call_duration": 1}';
  return body.slice(0, -1) + ' '.repeat(bytes - body.length) + '}';
}

function putCall(
  payload: string | undefined,
  headers: Record<string, string> = JSON_TYPE,
  user = 'alice',
): Request {
  return { method: 'PUT', url: `/mobile/${user}/call`, headers, payload };
}

function getBilling(user: string, query = ''): Request {
  return { method: 'GET', url: `/mobile/${user}/billing${query}` };
}

/** A call body with `value` as its duration. */
const withDuration = (value: string) => `{"call_duration": ${value}}`;

/** A valid call body, but for one more field. */
const withField = (field: string, value: string) =>
  `{"call_duration": 1, "${field}": ${value}}`;

/** `bodies` by their names, each refused with a problem naming `field` (or naming none). */
function naming(
  field: string | undefined,
  bodies: Readonly<Record<string, string>>,
): [string, string, string | undefined][] {
  return Object.entries(bodies).map(([name, body]) => [name, body, field]);
}

/** PUT bodies the SPEC refuses with a 400, and the field the problem names. */
const BAD_BODIES: [string, string, string | undefined][] = [
  ...naming(undefined, {
    'malformed JSON': '{"call_duration": ',
    'truncated JSON': '{"call_duration": 1',
    'a __proto__ key': withField('__proto__', '{"admin": true}'),
  }),
  ...naming('call_duration', {
    'a string': withDuration('"545000"'),
    'a fraction': withDuration('1.5'),
    // JSON.parse rounds these to whole doubles (1, 2147483647 and 0): the text says otherwise.
    'a fraction finer than a double': withDuration('1.0000000000000001'),
    'a fraction past the largest duration': withDuration('2147483647.0000001'),
    'a fraction too small for a double': withDuration('1e-400'),
    null: withDuration('null'),
    true: withDuration('true'),
    'an object': withDuration('{}'),
    'an array': withDuration('[1]'),
    'no call_duration': '{}',
    '-1': withDuration('-1'),
    '2147483648': withDuration('2147483648'),
    '1e400 (Infinity)': withDuration('1e400'),
  }),
  ...naming('body', {
    // No bytes is no body, as without the header: a missing body.
    'an empty body with a JSON content type': '',
    'an array body': '[{"call_duration": 1}]',
    'a bare number': '545000',
    'a bare string': '"545000"',
    'a null body': 'null',
  }),
  ['an unknown field', withField('extra', '1'), 'extra'],
  // class-transformer drops these keys silently, so the whitelist alone would not see them.
  ['a constructor field', withField('constructor', '{}'), 'constructor'],
  ['a prototype field', withField('prototype', '1'), 'prototype'],
];

/** User names the SPEC refuses in any path, and those refused where a call is recorded. */
const BAD_USER_NAMES = [
  ['33 characters', 'a'.repeat(33)],
  ['a space', 'a%20b'],
  ['a non-ASCII letter', '%C3%A9'],
  ['a percent-encoded slash', 'a%2Fb'],
  ['a NUL byte', 'a%00b'],
];
const BAD_USER_NAMES_ON_PUT = [
  ...BAD_USER_NAMES,
  ['a colon', 'a:b'],
  ['a quote', "a'b"],
];

/** Each route's method, and the methods it refuses with a 405. */
const WRONG_METHODS = (
  [
    ['/mobile/alice/call', 'PUT', ['GET', 'POST', 'DELETE']],
    ['/mobile/alice/billing', 'GET', ['DELETE', 'PUT', 'POST']],
  ] as const
).flatMap(([url, allowed, wrong]) =>
  wrong.map((method) => [method, url, allowed] as const),
);

/** What must never reach a client: stack frames, file paths, SQL, driver error names. */
const LEAKS = [
  /\bat \S+ \(/,
  /:\d+:\d+\)/,
  /node_modules/,
  /\/(src|dist|work|home|tmp)\//,
  /\.[cm]?[jt]s\b/,
  /\b(SELECT|INSERT|UPDATE|DELETE FROM|WHERE)\b/,
  /QueryFailedError|SQLITE_|ER_[A-Z_]+|TypeORM/,
];

describe('errors (SPEC §4)', () => {
  const t = useTestApp();

  /**
   * The response is an RFC 9457 problem document for `status`, naming `field` when given, and
   * the request left the `calls` table empty.
   */
  async function expectProblem(
    request: Request,
    status: number,
    field?: string,
  ): Promise<{ body: Problem; headers: Record<string, unknown> }> {
    const response = await t.inject(request);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    const body = response.json<Problem>();
    expect(body).toMatchObject(problemOf(status));
    const allowed = ['type', 'title', 'status', 'detail', 'errors'];
    expect(Object.keys(body).filter((key) => !allowed.includes(key))).toEqual(
      [],
    );
    if (field !== undefined) {
      expect(body.errors).toEqual(
        expect.arrayContaining([{ field, message: ANY_TEXT }]),
      );
    }
    for (const leak of LEAKS) {
      expect(response.body).not.toMatch(leak);
    }
    await expect(t.callCount()).resolves.toBe(0);
    return { body, headers: response.headers };
  }

  describe('PUT /mobile/{user_name}/call with a bad JSON body → 400', () => {
    it.each(BAD_BODIES)('rejects %s', async (_, payload, field) => {
      await expectProblem(putCall(payload), 400, field);
    });

    it('rejects a missing body', async () => {
      await expectProblem(
        { method: 'PUT', url: '/mobile/alice/call' },
        400,
        'body',
      );
    });

    it('says what call_duration must be', async () => {
      const { body } = await expectProblem(
        putCall('{"call_duration": -1}'),
        400,
        'call_duration',
      );

      expect(body.detail).toBe(
        'call_duration must be an integer between 0 and 2147483647',
      );
      // Min and IsInt share a message: the field is named once, not once per rule.
      expect(body.errors).toHaveLength(1);
    });

    it('names both the typo and the missing field', async () => {
      const { body } = await expectProblem(
        putCall('{"callDuration": 1}'),
        400,
        'callDuration',
      );

      expect(body.errors?.map((error) => error.field).sort()).toEqual([
        'callDuration',
        'call_duration',
      ]);
    });
  });

  describe('a bad user name → 400', () => {
    it.each(BAD_USER_NAMES_ON_PUT)(
      'refuses a user name with %s on PUT',
      async (_, userName) => {
        await expectProblem(
          putCall('{"call_duration": 1}', JSON_TYPE, userName),
          400,
          'user_name',
        );
      },
    );

    it.each(BAD_USER_NAMES)(
      'refuses a user name with %s on GET billing',
      async (_, userName) => {
        await expectProblem(getBilling(userName), 400, 'user_name');
      },
    );

    // Fastify rejects such a URL before routing, outside Nest's exception filters.
    it('refuses a malformed percent-encoding as a problem', async () => {
      await expectProblem(
        putCall('{"call_duration": 1}', JSON_TYPE, '%E0%A4%A'),
        400,
      );
    });
  });

  describe('a body that is not JSON → 415', () => {
    it.each([
      ['text/plain', '{"call_duration": 1}'],
      ['application/x-www-form-urlencoded', 'call_duration=1'],
      ['application/octet-stream', '{"call_duration": 1}'],
      ['application/xml', '<call_duration>1</call_duration>'],
    ])('refuses Content-Type %s', async (contentType, payload) => {
      await expectProblem(
        putCall(payload, { 'content-type': contentType }),
        415,
      );
    });

    it('refuses a body without a Content-Type', async () => {
      await expectProblem(putCall('{"call_duration": 1}', {}), 415);
    });
  });

  describe('a body over 1 MiB → 413', () => {
    it.each([
      ['1 MiB and one byte', MIB + 1],
      ['2 MiB', 2 * MIB],
    ])('refuses a JSON body of %s', async (_, bytes) => {
      await expectProblem(putCall(paddedCall(bytes)), 413);
    });
  });

  describe('an unknown route → 404', () => {
    it.each([
      ['GET', '/'],
      ['GET', '/nope'],
      ['PUT', '/mobile/alice'],
      ['PUT', '/mobile//call'],
      ['GET', '/mobile/alice/billing/extra'],
      ['POST', '/mobile/alice/bills'],
    ] as const)('answers %s %s with 404', async (method, url) => {
      await expectProblem({ method, url }, 404);
    });

    it('repeats at most the first 100 characters of a 12 KB URL', async () => {
      const { body } = await expectProblem(
        { method: 'GET', url: `/${'x'.repeat(12_000)}?${'q'.repeat(100)}` },
        404,
      );

      expect(body.detail).toBe(`No route serves GET /${'x'.repeat(99)}…`);
    });

    it('repeats at most 200 characters of an undecodable URL', async () => {
      const response = await t.inject({
        method: 'GET',
        url: `/mobile/%E0%A4%A${'x'.repeat(12_000)}/billing`,
      });

      expect(response.statusCode).toBe(400);
      expect(response.body.length).toBeLessThan(400);
    });
  });

  describe('a wrong method → 405 with Allow', () => {
    it.each(WRONG_METHODS)(
      'answers %s %s with 405, allowing %s',
      async (method, url, allowedMethod) => {
        const { headers } = await expectProblem({ method, url }, 405);
        const allow = String(headers.allow)
          .split(',')
          .map((m) => m.trim());

        expect(allow).toContain(allowedMethod);
        expect(allow).not.toContain(method);
      },
    );
  });

  describe('GET /mobile/{user_name}/billing with a bad query → 400', () => {
    it.each([
      ['an empty period', 'period='],
      ['month 13', 'period=2026-13'],
      ['month 00', 'period=2026-00'],
      ['a one-digit month', 'period=2026-1'],
      ['letters', 'period=abc'],
      ['a full date', 'period=2026-11-01'],
      ['a slash', 'period=2026%2F11'],
      ['a padded period', 'period=%202026-11'],
      ['a repeated period', 'period=2026-01&period=2026-02'],
      ['a bare percent sign', 'period=%'],
    ])('refuses %s (%s)', async (_, query) => {
      await expectProblem(getBilling('alice', `?${query}`), 400, 'period');
    });

    it.each([
      ['foo=1', 'foo'],
      ['period=2026-11&limit=10', 'limit'],
      ['Period=2026-11', 'Period'],
    ])('refuses the unknown query parameter in %s', async (query, field) => {
      await expectProblem(getBilling('alice', `?${query}`), 400, field);
    });
  });
});
