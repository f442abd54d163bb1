/** Arbitraries every kind of request uses: users and their path segments, content types, keys, credentials. */
import fc from 'fast-check';
import type { ContentTypeCase, UserSegment } from '../cases.js';
import { SPEC } from '../oracle.js';

// Near-valid and invalid inputs, the ones a generator would rarely hit on its own.

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

// Fields of the API, of its answers, and of every object: a body may carry only its own.
// prettier-ignore
const TEMPTING_FIELDS = [
  'call_duration', '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty',
  'user_name', 'id', 'created_at', 'started_at', 'destination', 'billing_period', 'amount',
  'rate', 'late', 'startedAt',
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

const USER_CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+@-',
];
/** Few users, so that bills and keys accumulate and collide (`Alice` is not `alice`). */
// prettier-ignore
export const USER_POOL = ['alice', 'Alice', 'ALICE', 'bob', 'u_1.x+y@z-w', 'Z'.repeat(32), '7'];
/** Few keys, so that retries, replays and conflicts happen often. */
// prettier-ignore
export const KEY_POOL = ['k1', 'K1', 'retry-7:call-0001', '~', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

/** Inserts `piece` into `text` at a position chosen by `at`. */
function insertAt(text: string, at: number, piece: string): string {
  const position = text.length === 0 ? 0 : at % (text.length + 1);
  return text.slice(0, position) + piece + text.slice(position);
}

export const validUserName = fc.oneof(
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

export const userText: fc.Arbitrary<string> = fc.oneof(
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

const hex = (byte: number, upper: boolean): string => {
  const digits = byte.toString(16).padStart(2, '0');
  return `%${upper ? digits.toUpperCase() : digits}`;
};

function knownName(name: string): string | undefined {
  return name === '.' || name === '..' ? undefined : name;
}

/** Every UTF-8 byte percent-encoded (`alice` → `%61%6C%69%63%65`). */
export function bytesEncoded(text: string, upper: boolean): UserSegment {
  const bytes = Buffer.from(text, 'utf8'); // a lone surrogate becomes U+FFFD, as it would on the wire
  return {
    segment: [...bytes].map((byte) => hex(byte, upper)).join(''),
    name: knownName(bytes.toString('utf8')),
  };
}

export function componentEncoded(text: string): UserSegment {
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

export const userSegment: fc.Arbitrary<UserSegment> = fc.oneof(
  { weight: 10, arbitrary: userText.map(componentEncoded) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(userText, fc.boolean())
      .map(([text, upper]) => bytesEncoded(text, upper)),
  },
  { weight: 1, arbitrary: malformedSegment },
);

export const extraField = fc.tuple(
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...TEMPTING_FIELDS)),
  fc.jsonValue({ maxDepth: 2 }),
);

export const contentType: fc.Arbitrary<ContentTypeCase> = fc.oneof(
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

export const keyChar = fc
  .integer({ min: 0x21, max: 0x7e })
  .map((c) => String.fromCharCode(c));

export const validKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEY_POOL) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: keyChar, minLength: 1, maxLength: 64 }),
  },
);

export const invalidKey = fc.oneof(
  fc.constant(''),
  fc.string({ unit: keyChar, minLength: 65, maxLength: 70 }),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 70 })
    .filter((key) => !SPEC.idempotencyKey.test(key)),
  fc
    .tuple(validKey, fc.nat(), fc.constantFrom(...BAD_KEY_CHARS))
    .map(([key, at, bad]) => insertAt(key, at, bad)),
);

export const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: validKey },
  { weight: 1, arbitrary: invalidKey },
);

/** Junk credentials: with no API_KEYS configured, the API is open and ignores them. */
export const junkAuthorization: fc.Arbitrary<string | undefined> = fc.option(
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

export function headersOf(
  entries: Record<string, string | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entries)) {
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
