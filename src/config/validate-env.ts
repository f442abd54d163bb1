import type { AppConfig, DatabaseConfig, TariffConfig } from './app-config.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Thrown with one line that names every bad variable, so the operator fixes them in one go. */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
}

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Turns the environment (process variables and `.env`) into an {@link AppConfig},
 * or throws a {@link ConfigValidationError} naming each variable that is wrong.
 */
export function validateEnv(env: Env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (
    name: string,
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(
        `${name} must be an integer from ${min} to ${max} (got "${raw}")`,
      );
      return fallback;
    }
    return value;
  };
  const matching = (
    name: string,
    fallback: string,
    pattern: RegExp,
    rule: string,
  ): string => {
    const raw = read(name) ?? fallback;
    if (!pattern.test(raw))
      problems.push(`${name} must be ${rule} (got "${raw}")`);
    return raw;
  };

  const port = integer('PORT', 8000, 1, 65535);
  const tariff: TariffConfig = {
    blockSeconds: integer('BILLING_BLOCK_SECONDS', 30, 1, 86_400),
    pricePerBlock: matching(
      'BILLING_PRICE_PER_BLOCK',
      '0.05',
      DECIMAL,
      'a non-negative decimal with at most 6 decimals, like 0.05',
    ),
    currency: matching(
      'BILLING_CURRENCY',
      'USD',
      CURRENCY,
      'an ISO 4217 code, like USD',
    ),
  };

  const host = read('DB_HOST');
  const database: DatabaseConfig =
    host === undefined
      ? { type: 'sqlite', path: read('DB_PATH') ?? 'data/call-billing.sqlite' }
      : {
          type: 'mysql',
          host,
          port: integer('DB_PORT', 3306, 1, 65535),
          name: matching(
            'DB_NAME',
            'call_billing',
            /^[A-Za-z0-9_$]{1,64}$/,
            'a MySQL database name',
          ),
          username: read('DB_USERNAME') ?? 'root',
          // A password may legitimately be blank or padded, so it is taken as given.
          password: env.DB_PASSWORD ?? '',
        };

  if (problems.length > 0) {
    throw new ConfigValidationError(
      `Invalid configuration: ${problems.join('; ')}`,
    );
  }
  return { port, database, tariff };
}
