import { ConfigValidationError, validateEnv } from './validate-env.js';

/** The error `validateEnv` throws for `env`, or a failure if it throws none. */
function configErrorFor(
  env: Record<string, string | undefined>,
): ConfigValidationError {
  try {
    validateEnv(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error(`validateEnv accepted ${JSON.stringify(env)}`);
}

/** `name` as a whole word: `PORT` is not found in `DB_PORT`. */
function naming(name: string): RegExp {
  return new RegExp(`(^|[^A-Z_])${name}([^A-Z_]|$)`);
}

const MYSQL = { DB_HOST: 'db.internal' };

/** The invoicing settings' defaults have a spec of their own (invoicing-settings.spec.ts). */
const INVOICING_DEFAULTS = validateEnv({}).invoicing;

const VARIABLES = [
  'PORT',
  'BILLING_BLOCK_SECONDS',
  'BILLING_PRICE_PER_BLOCK',
  'BILLING_CURRENCY',
  'DB_HOST',
  'DB_PORT',
  'DB_NAME',
  'DB_USERNAME',
  'DB_PASSWORD',
  'DB_PATH',
  'API_KEYS',
  'ADMIN_API_KEYS',
  'AUTH_DISABLED',
  'RATE_LIMIT_PER_MINUTE',
  'BILLING_TIMEZONE',
  'LATE_CALL_POLICY',
];

const KEY_A = 'k3y-A_0123456789abcdef';
const KEY_B = 'b64+token/ZYXWVUTSRQ==';

const NO_KEYS = { apiKeys: [], adminApiKeys: [] };

/** Values each variable accepts, and the part of the settings each one gives. */
const ACCEPTED = (
  [
    ['PORT', ['1', '65535'], (value) => ({ port: Number(value) })],
    [
      'WEB_CONCURRENCY',
      ['2', '64'],
      (value) => ({ webConcurrency: Number(value) }),
    ],
    [
      'BILLING_BLOCK_SECONDS',
      ['1', '86400'],
      (value) => ({ tariff: { blockSeconds: Number(value) } }),
    ],
    [
      'BILLING_PRICE_PER_BLOCK',
      ['0', '2', '0.000001', '999999.999999'],
      (value) => ({ tariff: { pricePerBlock: value } }),
    ],
    [
      'RATE_LIMIT_PER_MINUTE',
      ['0', '1000000'],
      (value) => ({ rateLimit: { perMinute: Number(value) } }),
    ],
    [
      'BILLING_TIMEZONE',
      ['America/New_York'],
      (value) => ({ billing: { timeZone: value } }),
    ],
    [
      'LATE_CALL_POLICY',
      ['next_period'],
      (value) => ({ billing: { latePolicy: value } }),
    ],
    ['AUTH_DISABLED', ['false', 'true'], () => ({ auth: NO_KEYS })],
  ] as const satisfies readonly [string, string[], (value: string) => object][]
)
  .flatMap(([name, values, settings]) =>
    values.map((value): [string, string, object] => [
      name,
      value,
      settings(value),
    ]),
  )
  .concat([
    [
      'API_KEYS',
      `${KEY_A},,${KEY_B},`,
      { auth: { ...NO_KEYS, apiKeys: [KEY_A, KEY_B] } },
    ],
    [
      'API_KEYS',
      'x'.repeat(256),
      { auth: { ...NO_KEYS, apiKeys: ['x'.repeat(256)] } },
    ],
  ]);

/** Values each variable refuses (a MySQL setting, with DB_HOST set). */
const REFUSED = Object.entries({
  PORT: ['0', '65536', 'abc', '-1', '80.5', '8e3', '0x50'],
  WEB_CONCURRENCY: ['0', '65', 'two'],
  BILLING_BLOCK_SECONDS: ['0', '86401', '1.5', 'thirty'],
  BILLING_PRICE_PER_BLOCK: [
    '-0.05',
    '0,05',
    '.5',
    '5.',
    '1e3',
    '0.0000001',
    '1234567',
    'free',
  ],
  BILLING_CURRENCY: ['usd', 'US', 'USDX', 'U5D'],
  DB_PORT: ['0', 'mysql', '70000'],
  DB_TIMEOUT_MS: ['99', '5s'],
  DB_NAME: ['call-billing', 'calls; DROP', 'x'.repeat(65)],
  RATE_LIMIT_PER_MINUTE: ['-1', '1000001', 'many'],
  AUTH_DISABLED: ['yes', '1'],
  BILLING_TIMEZONE: ['Mars/Olympus_Mons', 'not a zone'],
  LATE_CALL_POLICY: ['drop', 'NEXT_PERIOD'],
}).flatMap(([name, values]) =>
  values.map((value): [string, string, object] => [
    name,
    value,
    name.startsWith('DB_') && name !== 'DB_TIMEOUT_MS' ? MYSQL : {},
  ]),
);

/** The settings of an empty environment. */
const DEFAULTS = {
  port: 8000,
  http: {
    host: '127.0.0.1',
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    maxConnectionsPerClient: 256,
  },
  webConcurrency: 1,
  database: {
    type: 'sqlite',
    path: 'data/call-billing.sqlite',
    timeoutMs: 5000,
  },
  tariff: { blockSeconds: 30, pricePerBlock: '0.05', currency: 'USD' },
  auth: NO_KEYS,
  rateLimit: { perMinute: 6000 },
  billing: { timeZone: 'UTC', latePolicy: 'next_period' },
  invoicing: INVOICING_DEFAULTS,
};

describe('validateEnv', () => {
  it('gives the defaults for an empty environment', () => {
    expect(validateEnv({})).toEqual(DEFAULTS);
  });

  it('treats blank values as unset', () => {
    expect(
      validateEnv({
        PORT: '',
        BILLING_BLOCK_SECONDS: '  ',
        BILLING_PRICE_PER_BLOCK: '',
        BILLING_CURRENCY: ' ',
        DB_HOST: '',
        DB_PATH: '',
        API_KEYS: ' ',
        AUTH_DISABLED: '',
        RATE_LIMIT_PER_MINUTE: '',
        BILLING_TIMEZONE: ' ',
        LATE_CALL_POLICY: '',
      }),
    ).toEqual(validateEnv({}));
  });

  it('reads every setting it is given, trimmed', () => {
    expect(
      validateEnv({
        PORT: ' 3000 ',
        BILLING_BLOCK_SECONDS: '60',
        BILLING_PRICE_PER_BLOCK: '0.125',
        BILLING_CURRENCY: 'EUR',
        DB_PATH: '/var/lib/calls.sqlite',
        API_KEYS: ` ${KEY_A} , ${KEY_B} `,
        RATE_LIMIT_PER_MINUTE: ' 120 ',
        BILLING_TIMEZONE: ' Europe/Berlin ',
        LATE_CALL_POLICY: ' reject ',
      }),
    ).toEqual({
      ...DEFAULTS,
      port: 3000,
      http: { ...DEFAULTS.http, host: '0.0.0.0' },
      database: { ...DEFAULTS.database, path: '/var/lib/calls.sqlite' },
      tariff: { blockSeconds: 60, pricePerBlock: '0.125', currency: 'EUR' },
      auth: { ...NO_KEYS, apiKeys: [KEY_A, KEY_B] },
      rateLimit: { perMinute: 120 },
      billing: { timeZone: 'Europe/Berlin', latePolicy: 'reject' },
    });
  });

  it('runs on SQLite without DB_HOST', () => {
    expect(validateEnv({ DB_PATH: 'test.sqlite' }).database).toEqual({
      type: 'sqlite',
      path: 'test.sqlite',
      timeoutMs: 5000,
    });
  });

  it('runs on MySQL with DB_HOST, with the MySQL defaults', () => {
    expect(validateEnv(MYSQL).database).toEqual({
      type: 'mysql',
      host: 'db.internal',
      port: 3306,
      name: 'call_billing',
      username: 'root',
      password: '',
      timeoutMs: 5000,
    });
  });

  it('reads every MySQL setting, and the password exactly as given', () => {
    expect(
      validateEnv({
        DB_HOST: '127.0.0.1',
        DB_PORT: '3307',
        DB_NAME: 'billing_2026',
        DB_USERNAME: 'billing',
        DB_PASSWORD: ' s3cret ',
        DB_PATH: 'ignored.sqlite',
        DB_TIMEOUT_MS: '2500',
      }).database,
    ).toEqual({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3307,
      name: 'billing_2026',
      username: 'billing',
      password: ' s3cret ',
      timeoutMs: 2500,
    });
  });

  it.each(ACCEPTED)('accepts %s=%s', (name, value, expected) => {
    expect(validateEnv({ [name]: value })).toMatchObject(expected);
  });

  it.each(REFUSED)(
    'refuses %s=%s in one line that names it',
    (name, value, base) => {
      const error = configErrorFor({ ...base, [name]: value });

      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ConfigValidationError');
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toMatch(naming(name));
      expect(error.message).toContain(`"${value}"`);
      for (const other of VARIABLES.filter((variable) => variable !== name)) {
        expect(error.message).not.toMatch(naming(other));
      }
    },
  );

  describe('API keys', () => {
    it.each([
      ['too short', 'short-key'],
      ['with a space', 'abcdefgh ijklmnopq'],
      ['with a quote', 'abcdefghijklmnop"'],
      ['too long', 'x'.repeat(257)],
      ['with = inside', 'abcdefgh=ijklmnopq'],
    ])('refuses a key %s, by position, without echoing it', (_, key) => {
      const error = configErrorFor({ API_KEYS: `${KEY_A},${key}` });

      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toMatch(naming('API_KEYS'));
      expect(error.message).toContain('key 2 of 2');
      expect(error.message).not.toContain(key);
      expect(error.message).not.toContain(KEY_A);
    });

    it('refuses to run production without keys, in one line', () => {
      const error = configErrorFor({ NODE_ENV: 'production' });

      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toMatch(naming('API_KEYS'));
      expect(error.message).toMatch(naming('NODE_ENV'));
      expect(error.message).toMatch(naming('AUTH_DISABLED'));
    });

    it('runs production with keys', () => {
      expect(
        validateEnv({ NODE_ENV: 'production', API_KEYS: KEY_A }).auth,
      ).toEqual({ apiKeys: [KEY_A], adminApiKeys: [] });
    });

    it('runs production without keys only when AUTH_DISABLED=true says so', () => {
      expect(
        validateEnv({ NODE_ENV: 'production', AUTH_DISABLED: 'true' }).auth,
      ).toEqual({ apiKeys: [], adminApiKeys: [] });
      expect(() =>
        validateEnv({ NODE_ENV: 'production', AUTH_DISABLED: 'false' }),
      ).toThrow(ConfigValidationError);
    });

    it('runs without keys, open, outside production', () => {
      for (const NODE_ENV of [undefined, 'development', 'test']) {
        expect(validateEnv({ NODE_ENV }).auth).toEqual({
          apiKeys: [],
          adminApiKeys: [],
        });
      }
    });

    it('reads ADMIN_API_KEYS like API_KEYS, by position when bad', () => {
      expect(
        validateEnv({ API_KEYS: KEY_A, ADMIN_API_KEYS: ` ${KEY_B} ,` }).auth,
      ).toEqual({ apiKeys: [KEY_A], adminApiKeys: [KEY_B] });
      const error = configErrorFor({ ADMIN_API_KEYS: `${KEY_B},short` });
      expect(error.message).toMatch(naming('ADMIN_API_KEYS'));
      expect(error.message).toContain('key 2 of 2');
      expect(error.message).not.toContain(KEY_B);
    });

    it('runs production with admin keys only, listening on every interface', () => {
      const config = validateEnv({
        NODE_ENV: 'production',
        ADMIN_API_KEYS: KEY_B,
      });
      expect(config.auth).toEqual({ apiKeys: [], adminApiKeys: [KEY_B] });
      expect(config.http.host).toBe('0.0.0.0');
    });

    it('refuses admin keys together with AUTH_DISABLED=true', () => {
      const error = configErrorFor({
        ADMIN_API_KEYS: KEY_B,
        AUTH_DISABLED: 'true',
      });

      expect(error.message).toMatch(naming('AUTH_DISABLED'));
      expect(error.message).toMatch(naming('ADMIN_API_KEYS'));
      expect(error.message).not.toContain(KEY_B);
    });

    it('refuses keys together with AUTH_DISABLED=true', () => {
      const error = configErrorFor({ API_KEYS: KEY_A, AUTH_DISABLED: 'true' });

      expect(error.message).toMatch(naming('AUTH_DISABLED'));
      expect(error.message).toMatch(naming('API_KEYS'));
      expect(error.message).not.toContain(KEY_A);
    });
  });

  it('names every bad variable in one message', () => {
    const bad = {
      PORT: 'x',
      BILLING_BLOCK_SECONDS: '0',
      BILLING_PRICE_PER_BLOCK: '-1',
      BILLING_CURRENCY: 'usd',
      DB_PORT: 'y',
      DB_NAME: 'bad-name',
      API_KEYS: 'short',
      AUTH_DISABLED: 'maybe',
      RATE_LIMIT_PER_MINUTE: '-5',
      BILLING_TIMEZONE: 'Nowhere/Land',
      LATE_CALL_POLICY: 'later',
    };
    const error = configErrorFor({ ...MYSQL, ...bad });

    expect(error.message).not.toMatch(/[\r\n]/);
    for (const name of Object.keys(bad)) {
      expect(error.message).toMatch(naming(name));
    }
  });
});
