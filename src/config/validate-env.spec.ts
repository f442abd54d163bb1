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
];

describe('validateEnv', () => {
  it('gives the defaults for an empty environment', () => {
    expect(validateEnv({})).toEqual({
      port: 8000,
      database: { type: 'sqlite', path: 'data/call-billing.sqlite' },
      tariff: { blockSeconds: 30, pricePerBlock: '0.05', currency: 'USD' },
    });
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
      }),
    ).toEqual({
      port: 3000,
      database: { type: 'sqlite', path: '/var/lib/calls.sqlite' },
      tariff: { blockSeconds: 60, pricePerBlock: '0.125', currency: 'EUR' },
    });
  });

  it('runs on SQLite without DB_HOST', () => {
    expect(validateEnv({ DB_PATH: 'test.sqlite' }).database).toEqual({
      type: 'sqlite',
      path: 'test.sqlite',
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
      }).database,
    ).toEqual({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3307,
      name: 'billing_2026',
      username: 'billing',
      password: ' s3cret ',
    });
  });

  it.each([
    ['PORT', '1', { port: 1 }],
    ['PORT', '65535', { port: 65_535 }],
    ['BILLING_BLOCK_SECONDS', '1', { tariff: { blockSeconds: 1 } }],
    ['BILLING_BLOCK_SECONDS', '86400', { tariff: { blockSeconds: 86_400 } }],
    ['BILLING_PRICE_PER_BLOCK', '0', { tariff: { pricePerBlock: '0' } }],
    ['BILLING_PRICE_PER_BLOCK', '2', { tariff: { pricePerBlock: '2' } }],
    [
      'BILLING_PRICE_PER_BLOCK',
      '0.000001',
      { tariff: { pricePerBlock: '0.000001' } },
    ],
    [
      'BILLING_PRICE_PER_BLOCK',
      '999999999999.999999',
      { tariff: { pricePerBlock: '999999999999.999999' } },
    ],
  ])('accepts %s=%s', (name, value, expected) => {
    expect(validateEnv({ [name]: value })).toMatchObject(expected);
  });

  it.each([
    ['PORT', '0', {}],
    ['PORT', '65536', {}],
    ['PORT', 'abc', {}],
    ['PORT', '-1', {}],
    ['PORT', '80.5', {}],
    ['PORT', '8e3', {}],
    ['PORT', '0x50', {}],
    ['BILLING_BLOCK_SECONDS', '0', {}],
    ['BILLING_BLOCK_SECONDS', '86401', {}],
    ['BILLING_BLOCK_SECONDS', '1.5', {}],
    ['BILLING_BLOCK_SECONDS', 'thirty', {}],
    ['BILLING_PRICE_PER_BLOCK', '-0.05', {}],
    ['BILLING_PRICE_PER_BLOCK', '0,05', {}],
    ['BILLING_PRICE_PER_BLOCK', '.5', {}],
    ['BILLING_PRICE_PER_BLOCK', '5.', {}],
    ['BILLING_PRICE_PER_BLOCK', '1e3', {}],
    ['BILLING_PRICE_PER_BLOCK', '0.0000001', {}],
    ['BILLING_PRICE_PER_BLOCK', '1234567890123', {}],
    ['BILLING_PRICE_PER_BLOCK', 'free', {}],
    ['BILLING_CURRENCY', 'usd', {}],
    ['BILLING_CURRENCY', 'US', {}],
    ['BILLING_CURRENCY', 'USDX', {}],
    ['BILLING_CURRENCY', 'U5D', {}],
    ['DB_PORT', '0', MYSQL],
    ['DB_PORT', 'mysql', MYSQL],
    ['DB_PORT', '70000', MYSQL],
    ['DB_NAME', 'call-billing', MYSQL],
    ['DB_NAME', 'calls; DROP', MYSQL],
    ['DB_NAME', 'x'.repeat(65), MYSQL],
  ])('refuses %s=%s in one line that names it', (name, value, base) => {
    const error = configErrorFor({ ...base, [name]: value });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigValidationError');
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toMatch(naming(name));
    expect(error.message).toContain(`"${value}"`);
    for (const other of VARIABLES.filter((variable) => variable !== name)) {
      expect(error.message).not.toMatch(naming(other));
    }
  });

  it('names every bad variable in one message', () => {
    const error = configErrorFor({
      ...MYSQL,
      PORT: 'x',
      BILLING_BLOCK_SECONDS: '0',
      BILLING_PRICE_PER_BLOCK: '-1',
      BILLING_CURRENCY: 'usd',
      DB_PORT: 'y',
      DB_NAME: 'bad-name',
    });

    expect(error.message).not.toMatch(/[\r\n]/);
    for (const name of [
      'PORT',
      'BILLING_BLOCK_SECONDS',
      'BILLING_PRICE_PER_BLOCK',
      'BILLING_CURRENCY',
      'DB_PORT',
      'DB_NAME',
    ]) {
      expect(error.message).toMatch(naming(name));
    }
  });
});
