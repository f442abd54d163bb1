/**
 * Property-based tests (fast-check) over the whole API surface: `PUT /mobile/{user}/call`,
 * `GET /mobile/{user}/billing`, `GET /mobile/{user}/calls` and `POST /calls/batch`, on the real
 * app (`createTestApp`) and a real database, through `app.inject`.
 *
 * Every generated request, valid, near-valid or garbage, must hold these invariants:
 *  - the answer is never a 5xx;
 *  - every non-2xx answer is `application/problem+json` with `type`, `title`, `status` (equal to
 *    the HTTP status) and `detail`;
 *  - a rejected request stores nothing: the rows in `calls` and the sums of `billing_totals` are
 *    exactly what the test's own ledger says they were before it;
 *  - an accepted call moves its user's bill by exactly the rule (count + 1, duration + d,
 *    blocks + ceil(d / 30 000), amount = blocks × 0.05), computed here with BigInt, never with the
 *    service's own billing code; a replay with the same Idempotency-Key moves nothing;
 *  - an accepted batch moves each user's bill by exactly the sum of its new items.
 *
 * The test keeps a ledger (what every user owes, which keys are recorded) and checks the database
 * against it after every generated case, so tables are cleared once per property, not per case.
 * Where the SPEC decides whether a request is valid, the test predicts the outcome and holds the
 * service to it; where the SPEC is silent (a charset parameter, a cursor the service never
 * issued), either outcome is allowed but the invariants above still hold.
 *
 * Reproduce a failure with the seed in the suite's name: `FC_SEED=<seed> npm test -- properties`.
 * `FC_RUNS_SCALE=10` multiplies every property's runs; `FC_STATS=1` prints how the cases were answered.
 */
import { STATUS_CODES } from 'node:http';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { insertCalls, type CallOverrides } from './factories/call.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SEED = Number(process.env.FC_SEED ?? 20_261_124);
const SCALE = Number(process.env.FC_RUNS_SCALE ?? 1);
const runs = (base: number): number => Math.max(1, Math.round(base * SCALE));
/** 10,000 generated cases in all at scale 1. */
const RUNS = {
  put: runs(4000),
  queries: runs(3000),
  batch: runs(2000),
  auth: runs(1000),
} as const;
const PROPERTY_TIMEOUT_MS = 300_000;

fc.configureGlobal({ seed: SEED });

// ------------------------------------------------------------------------------------------------
// The contract, restated from SPEC.md (not imported from src/: the test must not share its bugs)
// ------------------------------------------------------------------------------------------------

const SPEC = {
  userName: /^[A-Za-z0-9_.+@-]{1,32}$/,
  idempotencyKey: /^[!-~]{1,64}$/,
  period: /^\d{4}-(0[1-9]|1[0-2])$/,
  maxDuration: 2_147_483_647,
  defaultLimit: 100,
  maxLimit: 1000,
  maxBatch: 1000,
} as const;

/** 10000-01-01T00:00:00.000Z, the first instant past what a DATETIME (or `YYYY-…` text) holds. */
const YEAR_10000_MS = 253_402_300_800_000;

const BLOCK_MS = 30_000n;
const PRICE_CENTS = 5n; // "0.05"

/** ceil(ms / 30 000), in integers. */
function blocksOf(ms: bigint): bigint {
  return (ms + BLOCK_MS - 1n) / BLOCK_MS;
}

/** blocks × 0.05 as a decimal string with two decimals, in integers. */
function amountOf(blocks: bigint): string {
  const cents = blocks * PRICE_CENTS;
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

function isSpecDuration(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= SPEC.maxDuration
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON as the service reads it: a leading byte order mark is allowed (RFC 8259 §8.1). */
function parseJson(
  payload: string | undefined,
): { value: unknown } | undefined {
  if (payload === undefined) return undefined;
  try {
    return { value: JSON.parse(payload.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return undefined;
  }
}

/** Whether a JSON object holds no field but `allowed` ones (each optional). */
function onlyFields(
  object: Record<string, unknown>,
  allowed: readonly string[],
): boolean {
  return Object.keys(object).every((field) => allowed.includes(field));
}

/** What a PUT body validly carries, or undefined when the SPEC makes the body a 400. */
function specCallBody(
  payload: string | undefined,
): { duration: number } | undefined {
  const parsed = parseJson(payload);
  if (parsed === undefined || !isPlainObject(parsed.value)) return undefined;
  const duration = parsed.value.call_duration;
  if (!onlyFields(parsed.value, ['call_duration']) || !isSpecDuration(duration))
    return undefined;
  // `-0` is the integer 0 (JSON numbers are compared by value).
  return { duration: duration + 0 };
}

const monthOf = (instant: Date | string | number): string =>
  new Date(instant).toISOString().slice(0, 7);

// ------------------------------------------------------------------------------------------------
// The ledger: what the database must hold, kept by the test
// ------------------------------------------------------------------------------------------------

interface Bill {
  readonly calls: bigint;
  readonly duration: bigint;
  readonly blocks: bigint;
}

const NO_BILL: Bill = { calls: 0n, duration: 0n, blocks: 0n };

function plus(a: Bill, b: Bill): Bill {
  return {
    calls: a.calls + b.calls,
    duration: a.duration + b.duration,
    blocks: a.blocks + b.blocks,
  };
}

function billOfCall(durationMs: number): Bill {
  const duration = BigInt(durationMs);
  return { calls: 1n, duration, blocks: blocksOf(duration) };
}

/** A call first recorded with an idempotency key. */
interface Recorded {
  readonly duration: number;
  /** The first response, once seen (a batch answers with counts only). */
  response?: unknown;
}

class Ledger {
  /** user → UTC month → bill */
  private readonly bills = new Map<string, Map<string, Bill>>();
  /** `${user}\0${key}` → the call recorded with it */
  private readonly keys = new Map<string, Recorded>();

  add(user: string, durationMs: number, month: string): void {
    const months = this.bills.get(user) ?? new Map<string, Bill>();
    months.set(
      month,
      plus(months.get(month) ?? NO_BILL, billOfCall(durationMs)),
    );
    this.bills.set(user, months);
  }

  bill(user: string, period?: string): Bill {
    let sum = NO_BILL;
    for (const [month, bill] of this.bills.get(user) ?? []) {
      if (period === undefined || month === period) sum = plus(sum, bill);
    }
    return sum;
  }

  total(): Bill {
    let sum = NO_BILL;
    for (const user of this.bills.keys()) sum = plus(sum, this.bill(user));
    return sum;
  }

  recorded(user: string, key: string): Recorded | undefined {
    return this.keys.get(`${user}\u0000${key}`);
  }

  remember(user: string, key: string, recorded: Recorded): void {
    this.keys.set(`${user}\u0000${key}`, recorded);
  }
}

// ------------------------------------------------------------------------------------------------
// The harness: sends requests, checks the invariants every answer must hold
// ------------------------------------------------------------------------------------------------

type Response = LightMyRequestResponse;
interface Request {
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly payload?: string | object;
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

function describeExchange(request: Request, response: Response): string {
  return (
    `${request.method} ${request.url} ${JSON.stringify(request.headers ?? {})} ` +
    `${JSON.stringify(request.payload ?? null)}\n → ${response.statusCode} ` +
    `${String(response.headers['content-type'])} ${response.body.slice(0, 500)}`
  );
}

class Harness {
  ledger = new Ledger();
  /** How the generated cases were answered, for FC_STATS. */
  readonly outcomes = new Map<string, number>();

  constructor(readonly t: TestApp) {}

  /** Empties the tables and the ledger. */
  async reset(): Promise<void> {
    await this.t.clear();
    this.ledger = new Ledger();
    this.outcomes.clear();
  }

  /**
   * After a failed case the ledger may have missed what the service did: rebuild it from the
   * database, so that fast-check's shrinking runs start from the truth again.
   */
  async resync(): Promise<void> {
    const rows: unknown = await this.t.dataSource.query(
      'SELECT user_name, call_duration, idempotency_key, created_at FROM calls',
    );
    const ledger = new Ledger();
    for (const row of rows as Record<string, unknown>[]) {
      const user = String(row.user_name);
      const duration = Number(row.call_duration);
      const created = row.created_at;
      // SQLite hands back `YYYY-MM-DD hh:mm:ss.sss`, in UTC but without the zone.
      const instant =
        typeof created === 'string' && !created.endsWith('Z')
          ? `${created.replace(' ', 'T')}Z`
          : (created as Date | string);
      ledger.add(user, duration, monthOf(instant));
      if (typeof row.idempotency_key === 'string')
        ledger.remember(user, row.idempotency_key, { duration });
    }
    this.ledger = ledger;
  }

  /** Runs one generated case; on failure resyncs the ledger before fast-check's next run. */
  async step(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      await this.resync();
      throw error;
    }
  }

  /** Sends a request and checks what every answer must be: no 5xx, problem+json on errors. */
  async send(request: Request): Promise<Response> {
    const response = await this.t.app.inject(request);
    const fail = (what: string): never => {
      throw new Error(`${what}:\n${describeExchange(request, response)}`);
    };
    if (response.statusCode >= 500) fail('a 5xx answer');
    if (is2xx(response.statusCode)) return response;
    if (
      !/^application\/problem\+json\b/.test(
        String(response.headers['content-type']),
      )
    )
      fail('an error that is not application/problem+json');
    const problem = parseJson(response.body)?.value;
    if (
      !isPlainObject(problem) ||
      typeof problem.type !== 'string' ||
      problem.type === '' ||
      problem.title !== STATUS_CODES[response.statusCode] ||
      problem.status !== response.statusCode ||
      typeof problem.detail !== 'string' ||
      problem.detail.trim() === ''
    )
      fail('a malformed problem document');
    return response;
  }

  /** The database holds exactly the ledger's calls and totals. */
  async expectStored(context: string): Promise<void> {
    const [row] = await this.t.dataSource.query<Record<string, unknown>[]>(
      `SELECT (SELECT COUNT(*) FROM calls) AS call_rows,
              (SELECT COALESCE(SUM(call_count), 0) FROM billing_totals) AS call_count,
              (SELECT COALESCE(SUM(total_duration), 0) FROM billing_totals) AS total_duration,
              (SELECT COALESCE(SUM(block_count), 0) FROM billing_totals) AS block_count`,
    );
    const big = (value: unknown): bigint => BigInt(String(value));
    const stored = {
      rows: big(row?.call_rows),
      calls: big(row?.call_count),
      duration: big(row?.total_duration),
      blocks: big(row?.block_count),
    };
    const want = this.ledger.total();
    if (
      stored.rows !== want.calls ||
      stored.calls !== want.calls ||
      stored.duration !== want.duration ||
      stored.blocks !== want.blocks
    ) {
      const show = (bill: object) =>
        JSON.stringify(bill, (_, v: unknown) =>
          typeof v === 'bigint' ? v.toString() : v,
        );
      throw new Error(
        `${context}: the database holds ${show(stored)}, expected ${show(want)}`,
      );
    }
  }

  /** The API's bill of `user` is exactly the ledger's, to the cent. */
  async expectBill(user: string, period?: string): Promise<void> {
    // No URL can name `.` or `..` (dot segments); the totals are checked all the same.
    if (user === '.' || user === '..') return;
    const query = period === undefined ? '' : `?period=${period}`;
    const response = await this.send({
      method: 'GET',
      url: `/mobile/${encodeURIComponent(user)}/billing${query}`,
    });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(
      billJson(user, period ?? null, this.ledger.bill(user, period)),
    );
  }

  /** Counts one generated case's answer. */
  tally(request: Request, response: Response): void {
    const label = `${request.method} ${request.url.split(/[?]/)[0]?.replace(/^\/mobile\/[^/]*/, '/mobile/{user}')} ${response.statusCode}`;
    this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1);
  }

  printOutcomes(property: string): void {
    if (process.env.FC_STATS === undefined) return;
    const counts = [...this.outcomes].sort(([a], [b]) => (a < b ? -1 : 1));
    console.log(
      `${property}:\n${counts.map(([label, n]) => `  ${label}: ${n}`).join('\n')}`,
    );
  }
}

function billJson(user: string, period: string | null, bill: Bill) {
  return {
    user_name: user,
    period,
    call_count: Number(bill.calls),
    total_duration: Number(bill.duration),
    block_count: Number(bill.blocks),
    block_seconds: 30,
    price_per_block: '0.05',
    amount: amountOf(bill.blocks),
    currency: 'USD',
  };
}

// ------------------------------------------------------------------------------------------------
// Tables of near-valid and invalid inputs, the ones a generator would rarely hit on its own
// ------------------------------------------------------------------------------------------------

// prettier-ignore
const BAD_USER_CHARS = [
  ' ', '/', '\\', '%', '?', '#', ':', ';', ',', '"', "'", '*', '~', '!', '=', '&', '\u0000',
  '\t', '\n', '\u007f', '\u00a0', 'é', 'ß', 'İ', 'K' /* Kelvin */, 'ａ' /* fullwidth a */,
  '\u200b', '\u202e', '日', '😀',
];

// prettier-ignore
const MALFORMED_PERCENT = [
  '%', '%z', '%zz', '%C3', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%%',
];

// prettier-ignore
const EDGE_DURATIONS = [
  '0', '1', '29999', '30000', '30001', '59999', '60000', '60001', '545000', '2147483646',
  '2147483647',
];

// prettier-ignore
const OTHERWISE_WRITTEN_DURATIONS = [
  '3E3', '3e+3', '30000.0', '3.0e4', '300000e-1', '0.0', '0e10', '-0', '-0.0', '2147483647.0',
  '2147483647e0',
];

// prettier-ignore
const INVALID_DURATIONS = [
  '-1', '-30000', '2147483648', '4294967296', '9007199254740993', '1e21', '1e400', '-1e400',
  '1.5', '0.5', '30000.5', '1e-7', '-2147483648', '"545000"', '"3e3"', '"0"', 'null', 'true',
  'false', '[]', '[1]', '{}', '{"value":1}', '""', '1.7976931348623157e308',
];

// prettier-ignore
const NOT_JSON_DURATIONS = [
  'NaN', 'Infinity', '0x10', '01', '+1', '.5', '1.', '1e', '--1', "'1'",
];

// prettier-ignore
const MISSPELT_FIELDS = [
  'callDuration', 'Call_Duration', 'CALL_DURATION', 'call_duration ', ' call_duration',
  'call-duration', 'duration', 'call_duration\u0000', '__proto__', '',
];

// prettier-ignore
const TEMPTING_FIELDS = [
  'call_duration', '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty',
  'user_name', 'id', 'created_at',
];

// prettier-ignore
const ODD_PUT_BODIES: readonly (string | undefined)[] = [
  undefined, '', ' ', 'null', '[]', '{}', '"x"', '545000', '[{"call_duration": 1}]',
  '{"call_duration": 1}{"call_duration": 2}', '{"call_duration": 1,}',
  '{"call_duration": 1, "call_duration": 2}', '{"call_duration": 1, "call_duration": "2"}',
  '\uFEFF{"call_duration": 1}', '{"__proto__": {"call_duration": 1}}',
  '{"constructor": {"prototype": {"x": 1}}}',
];

// prettier-ignore
const NOT_JSON_TYPES: readonly (string | undefined)[] = [
  undefined, '', 'text/plain', 'text/plain; charset=utf-8', 'text/json',
  'application/x-www-form-urlencoded', 'application/octet-stream', 'application/xml',
  'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json',
  'application/problem+json', 'application/vnd.api+json', '*/*', 'application/*', 'json',
];

// prettier-ignore
const ODD_JSON_TYPES = [
  'application/json; charset=latin1', 'application/json; charset=utf-16', ' application/json',
  'application/json\t', 'application/json;', 'application/json; foo',
  'application/json, text/plain', 'application/json\u0000',
];

// prettier-ignore
const BAD_KEY_CHARS = [
  ' ', '\t', '\u0000', '\u007f', '\u0080', 'é', '\u00a0', '€', '\r', '\n',
];

// prettier-ignore
const BAD_FIELD_VALUES: readonly unknown[] = [
  '545000', 1.5, -1, 2_147_483_648, 1e21, null, true, [], {}, [1], '', 'alice', 0.1,
  Number.MAX_SAFE_INTEGER + 2,
];

// prettier-ignore
const BAD_PERIODS = [
  '', '2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', '2026/11', ' 2026-11', '2026-11 ',
  '+2026-11', '-2026-11', '02026-11', '２０２６-11', '2026-11\n', 'abc', '%', 'null', '2026-W47',
  '202611', '2026-11T00:00Z',
];

// prettier-ignore
const BAD_LIMITS = [
  '0', '-1', '-0', '1001', '10000', '99999999', '9'.repeat(20), '1e2', '2.5', '1.0', ' 5', '5 ',
  '+5', '0x10', '', 'abc', 'NaN', 'Infinity', '٣', '１', '007', '0001', '00000001',
];

// prettier-ignore
const UNKNOWN_PARAMS = [
  'Period', 'LIMIT', 'foo', 'page', 'offset', 'user_name', 'period[]', '',
];

// prettier-ignore
const RAW_QUERY_PIECES = [
  '%', '%zz', '%E0%A4%A', '&', '&&', '=', 'period', 'limit', 'a=b=c', '%26', '+',
];

// ------------------------------------------------------------------------------------------------
// Arbitraries
// ------------------------------------------------------------------------------------------------

const USER_CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+@-',
];
/** Few users, so that bills and keys accumulate and collide (`Alice` is not `alice`). */
// prettier-ignore
const USER_POOL = ['alice', 'Alice', 'ALICE', 'bob', 'u_1.x+y@z-w', 'Z'.repeat(32), '7'];
/** Few keys, so that retries, replays and conflicts happen often. */
// prettier-ignore
const KEY_POOL = ['k1', 'K1', 'retry-7:call-0001', '~', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

/** Inserts `piece` into `text` at a position chosen by `at`. */
function insertAt(text: string, at: number, piece: string): string {
  const position = text.length === 0 ? 0 : at % (text.length + 1);
  return text.slice(0, position) + piece + text.slice(position);
}

const validUserName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...USER_POOL) },
  {
    weight: 1,
    arbitrary: fc
      .string({
        unit: fc.constantFrom(...USER_CHARS),
        minLength: 1,
        maxLength: 32,
      })
      // `.` and `..` are dot segments: a URL cannot carry them (the client resolves them away).
      .filter((name) => name !== '.' && name !== '..'),
  },
);

/** A character a user name must not hold, or one that only looks like an allowed one. */
const badUserChar = fc.constantFrom(...BAD_USER_CHARS);

const userText: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: validUserName },
  {
    weight: 2,
    arbitrary: fc
      .tuple(validUserName, fc.nat(), badUserChar)
      .map(([name, at, bad]) => insertAt(name, at, bad)),
  },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(...USER_CHARS),
      minLength: 33,
      maxLength: 40,
    }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('') },
);

/**
 * A user name as a URL path segment, and the name the service must see once it decodes it:
 * `null` when no name can be decoded (a malformed percent-encoding), `undefined` when the URL
 * itself resolves it away (dot segments), so that nothing can be predicted.
 */
interface UserSegment {
  readonly segment: string;
  readonly name: string | null | undefined;
}

const hex = (byte: number, upper: boolean): string => {
  const digits = byte.toString(16).padStart(2, '0');
  return `%${upper ? digits.toUpperCase() : digits}`;
};

function knownName(name: string): string | undefined {
  return name === '.' || name === '..' ? undefined : name;
}

/** Every UTF-8 byte percent-encoded (`alice` → `%61%6C%69%63%65`). */
function bytesEncoded(text: string, upper: boolean): UserSegment {
  const bytes = Buffer.from(text, 'utf8'); // a lone surrogate becomes U+FFFD, as it would on the wire
  return {
    segment: [...bytes].map((byte) => hex(byte, upper)).join(''),
    name: knownName(bytes.toString('utf8')),
  };
}

function componentEncoded(text: string): UserSegment {
  try {
    return { segment: encodeURIComponent(text), name: knownName(text) };
  } catch {
    return bytesEncoded(text, true); // lone surrogates
  }
}

const malformedSegment: fc.Arbitrary<UserSegment> = fc
  .tuple(validUserName, fc.nat(), fc.constantFrom(...MALFORMED_PERCENT))
  .map(([name, at, bad]) => ({
    segment: insertAt(encodeURIComponent(name), at, bad),
    name: null,
  }));

const userSegment: fc.Arbitrary<UserSegment> = fc.oneof(
  { weight: 10, arbitrary: userText.map(componentEncoded) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(userText, fc.boolean())
      .map(([text, upper]) => bytesEncoded(text, upper)),
  },
  { weight: 1, arbitrary: malformedSegment },
);

/** The JSON text of a `call_duration`, valid, near-valid or not a number at all. */
const durationLiteral: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.integer({ min: 0, max: SPEC.maxDuration }).map(String),
  },
  {
    weight: 5,
    arbitrary: fc.constantFrom(...EDGE_DURATIONS),
  },
  // The same numbers written otherwise: `3e3` is 3000.
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 2_147_483 }).map((n) => `${n}e3`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...OTHERWISE_WRITTEN_DURATIONS),
  },
  // Out of range, fractions, huge, strings, other types.
  {
    weight: 4,
    arbitrary: fc.constantFrom(...INVALID_DURATIONS),
  },
  // Not JSON at all.
  {
    weight: 1,
    arbitrary: fc.constantFrom(...NOT_JSON_DURATIONS),
  },
  { weight: 2, arbitrary: fc.double().map((d) => JSON.stringify(d)) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  },
);

const durationField = fc.oneof(
  { weight: 30, arbitrary: fc.constant('call_duration') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...MISSPELT_FIELDS),
  },
);

const extraField = fc.tuple(
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...TEMPTING_FIELDS)),
  fc.jsonValue({ maxDepth: 2 }),
);

const spacing = fc.constantFrom('', ' ', '\n', '\t', '  \r\n');

/** `{"call_duration": <literal>}`, sometimes with another field, oddly spaced. */
const callBody: fc.Arbitrary<string> = fc
  .record({
    field: durationField,
    literal: durationLiteral,
    extras: fc.oneof(
      { weight: 12, arbitrary: fc.constant<[string, fc.JsonValue][]>([]) },
      {
        weight: 1,
        arbitrary: fc.array(extraField, { minLength: 1, maxLength: 3 }),
      },
    ),
    extrasFirst: fc.boolean(),
    ws: spacing,
  })
  .map(({ field, literal, extras, extrasFirst, ws }) => {
    const members = [`${JSON.stringify(field)}:${ws}${literal}`];
    const others = extras.map(
      ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
    );
    const all = extrasFirst ? [...others, ...members] : [...members, ...others];
    return `${ws}{${ws}${all.join(`,${ws}`)}${ws}}${ws}`;
  });

/** A PUT body: mostly call-shaped, sometimes any JSON, sometimes not JSON. */
const putPayload: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 20, arbitrary: callBody },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 4,
      })
      .map((object) => JSON.stringify(object)),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(callBody, fc.nat())
      .map(([body, cut]) => body.slice(0, cut % body.length)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...ODD_PUT_BODIES),
  },
);

/** `json`: true when the SPEC makes the body JSON, false when it makes it a 415, undefined when silent. */
interface ContentTypeCase {
  readonly value: string | undefined;
  readonly json: boolean | undefined;
}

const contentType: fc.Arbitrary<ContentTypeCase> = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.constant({ value: 'application/json', json: true }),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'application/json; charset=utf-8',
        'application/json;charset=UTF-8',
        'Application/JSON',
        'APPLICATION/JSON; CHARSET=UTF-8',
      )
      .map((value) => ({ value, json: true })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...NOT_JSON_TYPES)
      .map((value) => ({ value, json: false })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...ODD_JSON_TYPES))
      .map((value) => ({ value, json: undefined })),
  },
);

const keyChar = fc
  .integer({ min: 0x21, max: 0x7e })
  .map((c) => String.fromCharCode(c));

const validKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEY_POOL) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: keyChar, minLength: 1, maxLength: 64 }),
  },
);

const invalidKey = fc.oneof(
  fc.constant(''),
  fc.string({ unit: keyChar, minLength: 65, maxLength: 70 }),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 70 })
    .filter((key) => !SPEC.idempotencyKey.test(key)),
  fc
    .tuple(validKey, fc.nat(), fc.constantFrom(...BAD_KEY_CHARS))
    .map(([key, at, bad]) => insertAt(key, at, bad)),
);

const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: validKey },
  { weight: 1, arbitrary: invalidKey },
);

/** Junk credentials: with no API_KEYS configured, the API is open and ignores them. */
const junkAuthorization: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    fc.string({ maxLength: 70 }),
    fc.string({ unit: 'binary', maxLength: 70 }),
    fc
      .string({ unit: keyChar, maxLength: 70 })
      .map((token) => `Bearer ${token}`),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer a b',
      'Negotiate x',
    ),
  ),
  { nil: undefined, freq: 3 },
);

function headersOf(
  entries: Record<string, string | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entries)) {
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

// ------------------------------------------------------------------------------------------------
// PUT /mobile/{user_name}/call
// ------------------------------------------------------------------------------------------------

interface PutCase {
  readonly user: UserSegment;
  readonly payload: string | undefined;
  readonly contentType: ContentTypeCase;
  readonly key: string | undefined;
  readonly authorization: string | undefined;
}

const putCase: fc.Arbitrary<PutCase> = fc.record({
  user: userSegment,
  payload: putPayload,
  contentType,
  key: idempotencyKey,
  authorization: junkAuthorization,
});

/** Durations of generated valid calls: block boundaries often, any valid one sometimes. */
const itemDuration = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 30_000, 30_001, 545_000) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: SPEC.maxDuration }) },
);

/**
 * The duration a client retrying `key` sends again: most keyed calls in the generated traffic are
 * retries of one call (duplicates, replays), a few reuse the key for another call (conflicts).
 */
function retryDuration(user: string, key: string): number {
  let hash = 7;
  for (const char of `${user}\u0000${key}`)
    hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1_000_003;
  return hash % 600_001;
}

/** A PUT the SPEC accepts (but for idempotency conflicts), with pooled users and keys. */
const validPutCase: fc.Arbitrary<PutCase> = fc
  .record({
    user: validUserName,
    key: fc.option(fc.constantFrom(...KEY_POOL), { nil: undefined }),
    duration: itemDuration,
    retry: fc.nat({ max: 9 }),
  })
  .map(({ user, key, duration, retry }) => ({
    ...plainPut(
      user,
      key !== undefined && retry > 0 ? retryDuration(user, key) : duration,
    ),
    key,
  }));

function putRequest(c: PutCase): Request {
  return {
    method: 'PUT',
    url: `/mobile/${c.user.segment}/call`,
    headers: headersOf({
      'content-type': c.contentType.value,
      'idempotency-key': c.key,
      authorization: c.authorization,
    }),
    payload: c.payload,
  };
}

/** The plainest valid PUT. */
function plainPut(user: string, duration: number): PutCase {
  return {
    user: componentEncoded(user),
    payload: JSON.stringify({ call_duration: duration }),
    contentType: { value: 'application/json', json: true },
    key: undefined,
    authorization: undefined,
  };
}

type Verdict = 'accept' | 'reject' | 'either';

/** What the SPEC says of a PUT, before idempotency: accept, reject, or either (it is silent). */
function putVerdict(c: PutCase): Verdict {
  const { name } = c.user;
  if (
    name === null ||
    (name !== undefined && !SPEC.userName.test(name)) ||
    c.contentType.json === false ||
    specCallBody(c.payload) === undefined ||
    (c.key !== undefined && !SPEC.idempotencyKey.test(c.key))
  )
    return 'reject';
  return name === undefined || c.contentType.json === undefined
    ? 'either'
    : 'accept';
}

const ISO_UTC: unknown = expect.stringMatching(
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
);
const DIGITS: unknown = expect.stringMatching(/^[1-9]\d*$/);
const ANY_STRING: unknown = expect.any(String);

/** Sends one PUT and holds the service to the SPEC and the ledger. */
async function putStep(h: Harness, c: PutCase): Promise<void> {
  const request = putRequest(c);
  const response = await h.send(request);
  h.tally(request, response);
  const verdict = putVerdict(c);
  const context = describeExchange(request, response);
  const name = c.user.name;
  const duration = specCallBody(c.payload)?.duration;
  const prior =
    typeof name === 'string' && c.key !== undefined
      ? h.ledger.recorded(name, c.key)
      : undefined;

  if (!is2xx(response.statusCode)) {
    if (verdict === 'accept') {
      // The only refusal of a valid PUT: its key was recorded with another duration.
      if (
        response.statusCode !== 409 ||
        prior === undefined ||
        prior.duration === duration
      )
        throw new Error(`a valid PUT was refused:\n${context}`);
    }
    await h.expectStored(`after a refused PUT\n${context}`);
    return;
  }

  if (
    verdict === 'reject' ||
    typeof name !== 'string' ||
    duration === undefined
  )
    throw new Error(`an invalid PUT was accepted:\n${context}`);
  const body = JSON.parse(response.body) as Record<string, unknown>;

  if (prior !== undefined) {
    // A retry: the first response again, nothing stored.
    if (prior.duration !== duration)
      throw new Error(
        `a key reused with another duration was accepted:\n${context}`,
      );
    expect(response.statusCode).toBe(200);
    expect(response.headers['idempotent-replayed']).toBe('true');
    if (prior.response === undefined) {
      expect(body).toMatchObject({ user_name: name, call_duration: duration });
      prior.response = body;
    } else {
      expect(body).toEqual(prior.response);
    }
    await h.expectStored(`after a replayed PUT\n${context}`);
    return;
  }

  expect(response.statusCode).toBe(201);
  expect(response.headers['idempotent-replayed']).toBeUndefined();
  expect(body).toEqual({
    id: DIGITS,
    user_name: name,
    call_duration: duration,
    created_at: ISO_UTC,
    updated_at: body.created_at,
  });
  h.ledger.add(name, duration, monthOf(body.created_at as string));
  if (c.key !== undefined)
    h.ledger.remember(name, c.key, { duration, response: body });
  await h.expectStored(`after an accepted PUT\n${context}`);
  await h.expectBill(name);

  if (c.key !== undefined) {
    // The same request again is a replay: 200, the first response, and the bill does not move.
    const again = await h.send(request);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(again.body)).toEqual(body);
    await h.expectStored(`after replaying an accepted PUT\n${context}`);
  }
}

// ------------------------------------------------------------------------------------------------
// POST /calls/batch
// ------------------------------------------------------------------------------------------------

const validItem = fc
  .record({
    user_name: validUserName,
    call_duration: itemDuration,
    idempotency_key: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: validKey },
    ),
    retry: fc.nat({ max: 9 }),
  })
  .map(({ retry, ...item }) =>
    item.idempotency_key !== undefined && retry > 0
      ? {
          ...item,
          call_duration: retryDuration(item.user_name, item.idempotency_key),
        }
      : item,
  );

/** A JSON value a field must not hold, or only nearly. */
const badFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...BAD_FIELD_VALUES),
  userText,
  invalidKey,
  fc.jsonValue({ maxDepth: 1 }),
);

type Item = Record<string, unknown>;

/** An item with one thing wrong (or, by chance, nothing: the oracle decides from the value). */
const nearValidItem: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      validItem,
      fc.constantFrom('user_name', 'call_duration', 'idempotency_key'),
      badFieldValue,
    )
    .map(([item, field, value]): Item => ({ ...item, [field]: value })),
  fc
    .tuple(validItem, fc.constantFrom('user_name', 'call_duration'))
    .map(([item, field]): Item => {
      const copy: Item = { ...item };
      delete copy[field];
      return copy;
    }),
  fc
    .tuple(validItem, extraField)
    .map(([item, [field, value]]): Item => ({ ...item, [field]: value })),
  fc.constantFrom<unknown>(null, 5, 'alice', [], true),
  fc.jsonValue({ maxDepth: 2 }),
);

const batchItems = (maxLength: number) =>
  fc.array(
    fc.oneof(
      { weight: 25, arbitrary: validItem },
      { weight: 1, arbitrary: nearValidItem },
    ),
    { minLength: 1, maxLength },
  );

/** A batch body's JSON text. */
const batchPayload: fc.Arbitrary<string | undefined> = fc.oneof(
  {
    weight: 40,
    arbitrary: batchItems(12).map((calls) => JSON.stringify({ calls })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(batchItems(3), extraField)
      .map(([calls, [field, value]]) =>
        JSON.stringify({ calls, [field]: value }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 2 }).map((calls) => ({ calls })),
      )
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(batchItems(3), fc.nat()).map(([calls, cut]) => {
      const text = JSON.stringify({ calls });
      return text.slice(0, cut % text.length);
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      '{"calls": []}',
      '{"calls": null}',
      '[]',
    ),
  },
  // The size limits: 1,000 items is a batch, 1,001 is not. Rare: they cost a thousand rows.
  {
    weight: 1,
    arbitrary: fc.oneof(
      {
        weight: 9,
        arbitrary: batchItems(12).map((calls) => JSON.stringify({ calls })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(SPEC.maxBatch, SPEC.maxBatch + 1)
          .map((size) =>
            JSON.stringify({
              calls: Array.from({ length: size }, (_, i) => ({
                user_name: USER_POOL[i % USER_POOL.length],
                call_duration: i * 997,
              })),
            }),
          ),
      },
    ),
  },
);

interface BatchCase {
  readonly payload: string | undefined;
  readonly contentType: ContentTypeCase;
  readonly authorization: string | undefined;
}

const batchCase: fc.Arbitrary<BatchCase> = fc.record({
  payload: batchPayload,
  contentType: fc.oneof(
    {
      weight: 10,
      arbitrary: fc.constant({ value: 'application/json', json: true }),
    },
    { weight: 1, arbitrary: contentType },
  ),
  authorization: junkAuthorization,
});

/** An item the SPEC accepts, as the service must read it; `null` for an invalid one. */
interface ValidItem {
  readonly user: string;
  readonly duration: number;
  readonly key: string | undefined;
  /** `"idempotency_key": null`, which the SPEC does not define (absent, or invalid). */
  readonly nullKey: boolean;
}

function specItem(value: unknown): ValidItem | null {
  if (!isPlainObject(value)) return null;
  if (!onlyFields(value, ['user_name', 'call_duration', 'idempotency_key']))
    return null;
  const {
    user_name: user,
    call_duration: duration,
    idempotency_key: key,
  } = value;
  if (typeof user !== 'string' || !SPEC.userName.test(user)) return null;
  if (!isSpecDuration(duration)) return null;
  if (
    key !== undefined &&
    key !== null &&
    (typeof key !== 'string' || !SPEC.idempotencyKey.test(key))
  )
    return null;
  return {
    user,
    duration: duration + 0,
    key: typeof key === 'string' ? key : undefined,
    nullKey: key === null,
  };
}

/** What the SPEC says of a batch: the items it accepts, or a verdict without them. */
function batchVerdict(c: BatchCase): { verdict: Verdict; items: ValidItem[] } {
  const parsed = parseJson(c.payload);
  if (c.contentType.json === false || parsed === undefined)
    return { verdict: 'reject', items: [] };
  const body = parsed.value;
  if (
    !isPlainObject(body) ||
    !onlyFields(body, ['calls']) ||
    !Array.isArray(body.calls)
  )
    return { verdict: 'reject', items: [] };
  const calls = body.calls as unknown[];
  if (calls.length < 1 || calls.length > SPEC.maxBatch)
    return { verdict: 'reject', items: [] };
  const items = calls.map(specItem);
  if (items.some((item) => item === null))
    return { verdict: 'reject', items: [] };
  const valid = items as ValidItem[];
  const silent =
    c.contentType.json === undefined || valid.some((item) => item.nullKey);
  return { verdict: silent ? 'either' : 'accept', items: valid };
}

/** The SPEC's outcome of storing `items` on top of the ledger: 409, or the counts and the calls. */
function batchOutcome(
  ledger: Ledger,
  items: readonly ValidItem[],
):
  | { conflict: true }
  | { conflict: false; inserted: ValidItem[]; duplicates: number } {
  const seen = new Map<string, number>();
  const inserted: ValidItem[] = [];
  let duplicates = 0;
  for (const item of items) {
    if (item.key === undefined) {
      inserted.push(item);
      continue;
    }
    const id = `${item.user}\u0000${item.key}`;
    const prior =
      ledger.recorded(item.user, item.key)?.duration ?? seen.get(id);
    if (prior === undefined) {
      seen.set(id, item.duration);
      inserted.push(item);
    } else if (prior === item.duration) {
      duplicates++;
    } else {
      return { conflict: true };
    }
  }
  return { conflict: false, inserted, duplicates };
}

function batchRequest(c: BatchCase): Request {
  return {
    method: 'POST',
    url: '/calls/batch',
    headers: headersOf({
      'content-type': c.contentType.value,
      authorization: c.authorization,
    }),
    payload: c.payload,
  };
}

async function batchStep(h: Harness, c: BatchCase): Promise<void> {
  const request = batchRequest(c);
  const response = await h.send(request);
  h.tally(request, response);
  const context = describeExchange(request, response);
  const { verdict, items } = batchVerdict(c);
  const outcome =
    verdict === 'reject' ? undefined : batchOutcome(h.ledger, items);

  if (!is2xx(response.statusCode)) {
    if (verdict === 'accept') {
      if (!outcome?.conflict || response.statusCode !== 409)
        throw new Error(`a valid batch was refused:\n${context}`);
    }
    await h.expectStored(`after a refused batch\n${context}`);
    return;
  }
  if (outcome === undefined)
    throw new Error(`an invalid batch was accepted:\n${context}`);
  if (outcome.conflict)
    throw new Error(`a conflicting batch was accepted:\n${context}`);

  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body)).toEqual({
    inserted: outcome.inserted.length,
    duplicates: outcome.duplicates,
  });
  const month = monthOf(Date.now());
  for (const item of outcome.inserted) {
    h.ledger.add(item.user, item.duration, month);
    if (item.key !== undefined)
      h.ledger.remember(item.user, item.key, { duration: item.duration });
  }
  await h.expectStored(`after an accepted batch\n${context}`);
  for (const user of new Set(items.map((item) => item.user)))
    await h.expectBill(user);
}

// ------------------------------------------------------------------------------------------------
// GET /mobile/{user_name}/billing and /calls with random queries
// ------------------------------------------------------------------------------------------------

interface WireCall {
  readonly id: string;
  readonly user_name: string;
  readonly call_duration: number;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A keyset position: a call's creation time (ms) and id. */
interface Position {
  readonly ms: number;
  readonly id: bigint;
}

const positionOf = (call: WireCall): Position => ({
  ms: Date.parse(call.created_at),
  id: BigInt(call.id),
});

const isOlder = (call: WireCall, than: Position): boolean => {
  const { ms, id } = positionOf(call);
  return ms < than.ms || (ms === than.ms && id < than.id);
};

/** One query parameter; `verdict` is what the SPEC says of its value alone. */
interface Param {
  readonly name: string;
  readonly value: string;
  readonly verdict: Verdict;
  /** For a cursor the service accepts: the position it stands for, when known. */
  readonly position?: Position;
  /** Sent as is, not percent-encoded (malformed pieces of a query string). */
  readonly raw?: boolean;
}

/** A cursor in the service's format, base64url of `<ms>.<id>` (white-box: src/call-billing/call-cursor.ts). */
const cursorText = (position: Position): string =>
  Buffer.from(`${position.ms}.${position.id}`).toString('base64url');

function periodParam(now: string): fc.Arbitrary<Param> {
  const valid = (value: string): Param => ({
    name: 'period',
    value,
    verdict: 'accept',
  });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(now, '2026-10', '1970-01', '2038-01', '2000-02')
        .map(valid),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          year: fc.integer({ min: 0, max: 9999 }),
          month: fc.integer({ min: 1, max: 12 }),
        })
        .map(({ year, month }) =>
          valid(
            `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`,
          ),
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .oneof(fc.constantFrom(...BAD_PERIODS), fc.string({ maxLength: 10 }))
        .map((value): Param => ({
          name: 'period',
          value,
          verdict: SPEC.period.test(value) ? 'accept' : 'reject',
        })),
    },
  );
}

const limitParam: fc.Arbitrary<Param> = fc
  .oneof(
    fc.integer({ min: 1, max: SPEC.maxLimit }).map(String),
    fc.constantFrom('1', '2', '3', '100', '999', '1000'),
    fc.constantFrom(...BAD_LIMITS),
    fc.integer({ min: 1001, max: 100_000_000 }).map(String),
    fc.string({ maxLength: 8 }),
  )
  .map((value): Param => {
    let verdict: Verdict = 'reject';
    if (/^[1-9]\d*$/.test(value) && Number(value) <= SPEC.maxLimit)
      verdict = 'accept';
    // Leading zeros: the SPEC says 1–1000 and is silent on how the number is written.
    else if (/^0+[1-9]\d*$/.test(value) && Number(value) <= SPEC.maxLimit)
      verdict = 'either';
    return { name: 'limit', value, verdict };
  });

/**
 * A cursor: one the service issued (accepted, its position known), one written in the service's
 * format at a position of the test's choosing (the SPEC does not say whether such a cursor is
 * accepted; if it is, it must mean that position), or junk.
 */
function cursorParam(
  issued: readonly Param[],
  near: readonly Position[],
): fc.Arbitrary<Param> {
  const forged = fc
    .record({
      ms: fc.oneof(
        fc.integer({ min: 0, max: YEAR_10000_MS - 1 }),
        fc.integer({ min: 0, max: YEAR_10000_MS - 1 }),
        fc.integer({ min: YEAR_10000_MS, max: 999_999_999_999_999 }),
        fc
          .constantFrom(...near.map((p) => p.ms))
          .chain((ms) => fc.integer({ min: Math.max(0, ms - 2), max: ms + 2 })),
      ),
      id: fc.oneof(
        fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }),
        fc
          .constantFrom(...near.map((p) => p.id))
          .chain((id) =>
            fc.bigInt({ min: id > 2n ? id - 2n : 0n, max: id + 2n }),
          ),
      ),
    })
    .map((position): Param => ({
      name: 'cursor',
      value: cursorText(position),
      verdict: 'either',
      position,
    }));
  const junk = fc
    .oneof(
      fc.string({ maxLength: 30 }),
      fc.base64String({ maxLength: 30 }),
      fc
        .constantFrom(...issued.map((p) => p.value))
        .chain((value) =>
          fc.oneof(
            fc.constant(`${value}=`),
            fc.constant(`${value}.`),
            fc.constant(value.slice(1)),
            fc.constant(
              `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`,
            ),
            fc.constant(
              Buffer.from(Buffer.from(value, 'base64url').toString()).toString(
                'base64',
              ),
            ),
          ),
        ),
      fc.constantFrom('', 'null', '0', '0.0', '-1.1', '%00'),
    )
    .map((value): Param => ({ name: 'cursor', value, verdict: 'either' }));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...issued) },
    { weight: 2, arbitrary: forged },
    { weight: 2, arbitrary: junk },
  );
}

/** Parameters the endpoint does not know, and malformed pieces of a query string. */
const strayParam: fc.Arbitrary<Param> = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...UNKNOWN_PARAMS), fc.string({ maxLength: 8 })),
      fc.string({ maxLength: 8 }),
    )
    .map(([name, value]): Param => ({ name, value, verdict: 'reject' })),
  fc
    .constantFrom(...RAW_QUERY_PIECES)
    .map((value): Param => ({ name: '', value, verdict: 'either', raw: true })),
);

interface QueryCase {
  readonly route: 'billing' | 'calls';
  readonly user: UserSegment;
  readonly params: readonly Param[];
  readonly headers: Record<string, string>;
}

function queryString(params: readonly Param[]): string {
  const encode = (text: string): string => {
    try {
      return encodeURIComponent(text);
    } catch {
      return bytesEncoded(text, true).segment;
    }
  };
  return params
    .map((p) => (p.raw ? p.value : `${encode(p.name)}=${encode(p.value)}`))
    .join('&');
}

/** What the SPEC says of a query, and the parameters it must be read as. */
function queryVerdict(c: QueryCase): {
  verdict: Verdict;
  named: Map<string, Param>;
} {
  const known =
    c.route === 'billing' ? ['period'] : ['period', 'limit', 'cursor'];
  const named = new Map<string, Param>();
  let verdict: Verdict = 'accept';
  const worst = (next: Verdict) => {
    if (next === 'reject' || verdict === 'reject') verdict = 'reject';
    else if (next === 'either') verdict = 'either';
  };
  const { name } = c.user;
  if (name === null || (name !== undefined && !SPEC.userName.test(name)))
    worst('reject');
  if (name === undefined) worst('either');
  for (const param of c.params) {
    if (param.raw) {
      worst('either');
    } else if (!known.includes(param.name) || named.has(param.name)) {
      worst('reject'); // unknown (README: rejected) or repeated
    } else {
      named.set(param.name, param);
      worst(param.verdict);
    }
  }
  return { verdict, named };
}

/** The calls the test seeded, by user, newest first, in the wire format. */
type Seeded = ReadonlyMap<string, readonly WireCall[]>;

async function queryStep(
  h: Harness,
  seeded: Seeded,
  c: QueryCase,
): Promise<void> {
  const query = queryString(c.params);
  const request: Request = {
    method: 'GET',
    url: `/mobile/${c.user.segment}/${c.route}${query === '' ? '' : `?${query}`}`,
    headers: c.headers,
  };
  const response = await h.send(request);
  h.tally(request, response);
  const context = describeExchange(request, response);
  const { verdict, named } = queryVerdict(c);

  if (verdict === 'accept' && response.statusCode !== 200)
    throw new Error(`a valid query was refused:\n${context}`);
  if (verdict === 'reject' && is2xx(response.statusCode))
    throw new Error(`an invalid query was accepted:\n${context}`);
  await h.expectStored(`after a GET\n${context}`);
  if (!is2xx(response.statusCode)) return;

  const name = c.user.name;
  if (typeof name !== 'string')
    throw new Error(`an unreadable user name was accepted:\n${context}`);
  const period = named.get('period')?.value;
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (c.route === 'billing') {
    expect(body).toEqual(
      billJson(name, period ?? null, h.ledger.bill(name, period)),
    );
    return;
  }

  // The listing: exactly the seeded calls of that user, in that month, older than the cursor.
  const cursor = named.get('cursor');
  if (cursor !== undefined && cursor.position === undefined) {
    // A cursor the test cannot read: only the shape and the order are known.
    const data = body.data as WireCall[];
    expect(data.every((call) => call.user_name === name)).toBe(true);
    return;
  }
  const limit = Number(named.get('limit')?.value ?? SPEC.defaultLimit);
  const after = cursor?.position;
  const matching = (seeded.get(name) ?? []).filter(
    (call) =>
      (period === undefined || call.created_at.startsWith(period)) &&
      (after === undefined || isOlder(call, after)),
  );
  const page = matching.slice(0, limit);
  const more = matching.length > limit;
  try {
    expect(body).toEqual({
      data: page,
      next_cursor: more ? ANY_STRING : null,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${context}`);
  }
}

/**
 * Calls across several months (and with ties on one millisecond), so that periods, pages and
 * cursors all have something to select. Returns them by user, newest first, in the wire format.
 */
async function seedCalls(
  h: Harness,
  now: Date,
): Promise<Map<string, WireCall[]>> {
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
    ...Array.from({ length: 7 }, (_, i) => ({
      userName: 'u_1.x+y@z-w',
      callDuration: i * 29_999,
      createdAt: at('2026-11-01T00:00:00.000Z', i),
    })),
  ];
  const stored = await insertCalls(h.t.dataSource, plan);
  const byUser = new Map<string, WireCall[]>();
  for (const call of stored) {
    h.ledger.add(call.userName, call.callDuration, monthOf(call.createdAt));
    const wire: WireCall = {
      id: String(call.id),
      user_name: call.userName,
      call_duration: call.callDuration,
      created_at: call.createdAt.toISOString(),
      updated_at: call.createdAt.toISOString(),
    };
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
  const seen: WireCall[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string =
      cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await h.send({
      method: 'GET',
      url: `/mobile/${encodeURIComponent(user)}/calls?limit=${limit}${suffix}`,
    });
    expect(response.statusCode).toBe(200);
    const page = JSON.parse(response.body) as {
      data: WireCall[];
      next_cursor: string | null;
    };
    seen.push(...page.data);
    cursor = page.next_cursor;
    const last = page.data.at(-1);
    if (cursor !== null && last !== undefined)
      cursors.push({
        name: 'cursor',
        value: cursor,
        verdict: 'accept',
        position: positionOf(last),
      });
  } while (cursor !== null);
  expect(seen).toEqual(seeded.get(user) ?? []);
  return cursors;
}

// ------------------------------------------------------------------------------------------------
// The properties
// ------------------------------------------------------------------------------------------------

describe(`properties (fast-check seed ${SEED}; ${Object.values(RUNS).reduce((a, b) => a + b)} cases)`, () => {
  let t: TestApp;
  let h: Harness;

  beforeAll(async () => {
    t = await createTestApp();
    h = new Harness(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it('bills hand-computed cases exactly as the test oracle does', async () => {
    await h.reset();
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
      await h.reset();
      await fc.assert(
        fc.asyncProperty(putCase, (c) => h.step(() => putStep(h, c))),
        { numRuns: RUNS.put },
      );
      h.printOutcomes('PUT');
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    `POST /calls/batch, interleaved with PUTs sharing the keys (${RUNS.batch} cases)`,
    async () => {
      await h.reset();
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

  it(
    `GET billing and calls: random users, period, limit and cursor (${RUNS.queries} cases)`,
    async () => {
      await h.reset();
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
      const queryUser = fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .constantFrom('alice', 'Alice', 'bob', 'u_1.x+y@z-w')
            .map(componentEncoded),
        },
        { weight: 2, arbitrary: userSegment },
      );
      const param = (route: 'billing' | 'calls') =>
        route === 'billing'
          ? fc.oneof(
              { weight: 8, arbitrary: periodParam(monthOf(now)) },
              { weight: 1, arbitrary: limitParam },
              { weight: 1, arbitrary: strayParam },
            )
          : fc.oneof(
              { weight: 3, arbitrary: periodParam(monthOf(now)) },
              { weight: 4, arbitrary: limitParam },
              { weight: 4, arbitrary: cursorParam(issued, near) },
              { weight: 1, arbitrary: strayParam },
            );
      const queryCase: fc.Arbitrary<QueryCase> = fc
        .constantFrom<'billing' | 'calls'>('billing', 'calls')
        .chain((route) =>
          fc.record({
            route: fc.constant(route),
            user: queryUser,
            params: fc.array(param(route), { maxLength: 3 }),
            // A GET reads no body and no key: such headers change nothing.
            headers: fc
              .record({
                'content-type': fc.option(
                  contentType.map((ct) => ct.value ?? ''),
                  { nil: undefined },
                ),
                'idempotency-key': fc.option(invalidKey, { nil: undefined }),
                authorization: junkAuthorization,
              })
              .map(headersOf),
          }),
        );
      await fc.assert(
        fc.asyncProperty(queryCase, (c) =>
          h.step(() => queryStep(h, seeded, c)),
        ),
        { numRuns: RUNS.queries },
      );
      h.printOutcomes('queries');
    },
    PROPERTY_TIMEOUT_MS,
  );

  describe('bugs these properties found, as they shrank them', () => {
    beforeEach(async () => {
      await h.reset();
    });

    // Found by the PUT and the batch properties (shrunk to a "constructor" field): class-transformer
    // dropped keys named like Object.prototype's members unseen.
    it.each<[string, string, string]>([
      ['a PUT body', '/mobile/alice/call', '{"call_duration":0,"toString":1}'],
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
      async (_, url, payload) => {
        const response = await h.send({
          method: url === '/calls/batch' ? 'POST' : 'PUT',
          url,
          headers: { 'content-type': 'application/json' },
          payload,
        });

        expect(response.statusCode).toBe(400);
        await h.expectStored('after the request');
      },
    );

    // Found by the batch property (shrunk to `{"calls":[[]]}`): it used to be a 500.
    it.each([
      ['an empty array', '{"calls":[[]]}'],
      [
        'an array holding a valid item',
        '{"calls":[[{"user_name":"alice","call_duration":1}]]}',
      ],
    ])(
      'refuses a batch item that is %s: 400, nothing stored',
      async (_, payload) => {
        const response = await h.send({
          method: 'POST',
          url: '/calls/batch',
          headers: { 'content-type': 'application/json' },
          payload,
        });

        expect(response.statusCode).toBe(400);
        await h.expectStored('after the request');
      },
    );

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

  describe('with API_KEYS set', () => {
    const KEY = 'prop-Key_0123456789.~+/abcdef';
    const OTHER = 'Zz9-'.repeat(8);
    let keyed: TestApp;

    // prettier-ignore
    const KEYED_BAD_AUTHORIZATIONS = [
      '', 'Bearer', 'Bearer ', `Basic ${KEY}`, KEY, `Token ${KEY}`, `Bearer ${KEY}x`,
      `Bearer x${KEY}`, `Bearer ${KEY.slice(1)}`, `Bearer ${KEY.slice(0, -1)}`,
      `Bearer ${KEY.toUpperCase()}`, `Bearer ${KEY},${OTHER}`, `Bearer ${KEY}${OTHER}`,
      `Bearer "${KEY}"`, `Bearer ${KEY} ${OTHER}`, `Bearer\t${KEY}`, `Bearer${KEY}`,
      `Bearer ${KEY}\u0000`, `Bearer ${Buffer.from(KEY).toString('base64')}`,
    ];

    beforeAll(async () => {
      keyed = await createTestApp({ API_KEYS: `${KEY},${OTHER}` });
    });

    afterAll(async () => {
      await keyed.close();
    });

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
        const k = new Harness(keyed);
        await k.reset();
        for (const call of await insertCalls(keyed.dataSource, [
          { userName: 'alice', callDuration: 61_000 },
        ]))
          k.ledger.add(
            call.userName,
            call.callDuration,
            monthOf(call.createdAt),
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
});
