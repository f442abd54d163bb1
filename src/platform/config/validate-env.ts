import type {
  AppConfig,
  AuthConfig,
  BillingConfig,
  DatabaseConfig,
  HttpConfig,
  InvoicingConfig,
  RateLimitConfig,
  TariffConfig,
} from './app-config.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Thrown with one line that names every bad variable, so the operator fixes them in one go. */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
}

// At most 6 integer digits, as every price of a tariff (rating/domain/decimal.ts).
const DECIMAL = /^\d{1,6}(\.\d{1,6})?$/;
const CURRENCY = /^[A-Z]{3}$/;
/** RFC 6750's b64token, long enough not to be guessed: what `Authorization: Bearer` can carry. */
const API_KEY = /^[A-Za-z0-9\-._~+/]{16,256}=*$/;
/** Printable text without control characters, for what an invoice prints. */
const PRINTABLE = /^[^\p{Cc}]{1,200}$/u;
/** An IPv4 or IPv6 address, or a host name. */
const HOST =
  /^([0-9A-Fa-f:.]+|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$/;

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

  // Free text is not echoed: a control character (a newline) would break the one-line report.
  const printable = (name: string, fallback: string): string => {
    const raw = read(name) ?? fallback;
    if (PRINTABLE.test(raw)) return raw;
    problems.push(
      `${name} must be 1 to 200 printable characters (got ${raw.length} characters)`,
    );
    return fallback;
  };

  const oneOf = <T extends string>(
    name: string,
    fallback: T,
    allowed: readonly T[],
  ): T => {
    const raw = read(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(
        `${name} must be one of ${allowed.join(', ')} (got "${raw}")`,
      );
      return fallback;
    }
    return raw as T;
  };

  const port = integer('PORT', 8000, 1, 65535);
  const webConcurrency = integer('WEB_CONCURRENCY', 1, 1, 64);
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

  const timeZone = read('BILLING_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(timeZone)) {
    problems.push(
      `BILLING_TIMEZONE must be an IANA time zone, like UTC or Europe/Berlin (got "${timeZone}")`,
    );
  }
  const billing: BillingConfig = {
    timeZone,
    latePolicy: oneOf('LATE_CALL_POLICY', 'next_period', [
      'next_period',
      'reject',
    ] as const),
  };

  const host = read('DB_HOST');
  const timeoutMs = integer('DB_TIMEOUT_MS', 5_000, 100, 600_000);
  const database: DatabaseConfig =
    host === undefined
      ? {
          type: 'sqlite',
          path: read('DB_PATH') ?? 'data/call-billing.sqlite',
          timeoutMs,
        }
      : {
          type: 'mysql',
          timeoutMs,
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

  const apiKeys = keysOf('API_KEYS', read, problems);
  const adminApiKeys = keysOf('ADMIN_API_KEYS', read, problems);
  const keyed = apiKeys.length + adminApiKeys.length > 0;
  const authDisabled = read('AUTH_DISABLED') ?? 'false';
  if (authDisabled !== 'true' && authDisabled !== 'false') {
    problems.push(
      `AUTH_DISABLED must be true or false (got "${authDisabled}")`,
    );
  } else if (authDisabled === 'true' && keyed) {
    problems.push(
      'AUTH_DISABLED=true contradicts API_KEYS / ADMIN_API_KEYS: set only one',
    );
  } else if (
    authDisabled === 'false' &&
    !keyed &&
    read('NODE_ENV') === 'production'
  ) {
    problems.push(
      'API_KEYS (or ADMIN_API_KEYS) must be set when NODE_ENV=production ' +
        '(or AUTH_DISABLED=true, to run the API without keys on purpose)',
    );
  }
  const auth: AuthConfig = { apiKeys, adminApiKeys };
  const rateLimit: RateLimitConfig = {
    perMinute: integer('RATE_LIMIT_PER_MINUTE', 6000, 0, 1_000_000),
  };

  const headersTimeoutMs = integer(
    'HTTP_HEADERS_TIMEOUT_MS',
    10_000,
    100,
    600_000,
  );
  const requestTimeoutMs = integer(
    'HTTP_REQUEST_TIMEOUT_MS',
    30_000,
    100,
    3_600_000,
  );
  if (headersTimeoutMs > requestTimeoutMs) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  const http: HttpConfig = {
    // An open API is reachable from this machine only, unless HOST says otherwise.
    host: matching(
      'HOST',
      keyed ? '0.0.0.0' : '127.0.0.1',
      HOST,
      'an IP address or a host name, like 0.0.0.0',
    ),
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnectionsPerClient: integer(
      'HTTP_MAX_CONNECTIONS_PER_CLIENT',
      256,
      0,
      65_535,
    ),
  };

  const invoicing: InvoicingConfig = {
    graceHours: integer('BILLING_GRACE_HOURS', 24, 0, 2_160),
    autoClose:
      oneOf('BILLING_AUTO_CLOSE', 'true', ['true', 'false']) === 'true',
    issuer: printable('INVOICE_ISSUER', 'Call Billing Service'),
    closeStepRows: integer('BILLING_CLOSE_STEP_ROWS', 20_000, 1, 1_000_000),
  };

  if (problems.length > 0) {
    throw new ConfigValidationError(
      `Invalid configuration: ${problems.join('; ')}`,
    );
  }
  return {
    port,
    http,
    webConcurrency,
    database,
    tariff,
    billing,
    auth,
    rateLimit,
    invoicing,
  };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A comma-separated list of keys. Keys are secrets: a bad one is named by its position, never
 * echoed into the logs.
 */
function keysOf(
  name: string,
  read: (name: string) => string | undefined,
  problems: string[],
): string[] {
  const keys = (read(name) ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  keys.forEach((key, index) => {
    if (!API_KEY.test(key))
      problems.push(
        `${name} key ${index + 1} of ${keys.length} must be 16 to 256 characters of ` +
          `A-Z a-z 0-9 - . _ ~ + / (value not shown)`,
      );
  });
  return keys;
}
