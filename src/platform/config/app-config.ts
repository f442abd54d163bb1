/** The validated configuration: the only shape the rest of the service sees. */
/** How long any database round trip, or a wait for a connection or a lock, may take. */
interface DatabaseTimeout {
  readonly timeoutMs: number;
}

export interface SqliteConfig extends DatabaseTimeout {
  readonly type: 'sqlite';
  readonly path: string;
}

export interface MysqlConfig extends DatabaseTimeout {
  readonly type: 'mysql';
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly username: string;
  readonly password: string;
}

export type DatabaseConfig = SqliteConfig | MysqlConfig;

export interface TariffConfig {
  readonly blockSeconds: number;
  /** Price of one block as a decimal string, e.g. "0.05"; its decimals set the amount's. */
  readonly pricePerBlock: string;
  readonly currency: string;
}

export type LateCallPolicy = 'next_period' | 'reject';

export interface BillingConfig {
  /** The IANA zone whose calendar months are the billing periods. */
  readonly timeZone: string;
  /** What becomes of a call started in a closed period (SPEC §8). */
  readonly latePolicy: LateCallPolicy;
}

export interface AuthConfig {
  /** The accepted API keys; none means the API is open (only allowed outside production). */
  readonly apiKeys: readonly string[];
  /** Keys with the admin role: every route, `/admin` ones included; also "keys" for the API. */
  readonly adminApiKeys: readonly string[];
}

export interface RateLimitConfig {
  /** Requests one client may make to the API per minute; 0 turns the limit off. */
  readonly perMinute: number;
}

export interface HttpConfig {
  /** The address to listen on: 127.0.0.1 (this machine only) while the API is open. */
  readonly host: string;
  /** A request whose headers have not all arrived by then is answered 408 and closed. */
  readonly headersTimeoutMs: number;
  /** The same for the whole request, body included. */
  readonly requestTimeoutMs: number;
  /** Open connections one client address may hold; 0: no cap (behind a proxy). */
  readonly maxConnectionsPerClient: number;
}

/** Billing periods: when they close, how, and what their invoices say. */
export interface InvoicingConfig {
  /** Hours after a month's end before it closes by itself. */
  readonly graceHours: number;
  /** Whether periods close by themselves (off while importing old call records). */
  readonly autoClose: boolean;
  /** The issuer printed on invoices. */
  readonly issuer: string;
  /** Running-total rows invoiced per transaction of a close. */
  readonly closeStepRows: number;
}

export interface AppConfig {
  readonly port: number;
  readonly http: HttpConfig;
  /** Worker processes serving the port (a Node.js cluster); 1 means no cluster. */
  readonly webConcurrency: number;
  readonly database: DatabaseConfig;
  readonly tariff: TariffConfig;
  readonly billing: BillingConfig;
  readonly auth: AuthConfig;
  readonly rateLimit: RateLimitConfig;
  readonly invoicing: InvoicingConfig;
}
