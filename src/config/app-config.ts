/** The validated configuration: the only shape the rest of the service sees. */
export interface SqliteConfig {
  readonly type: 'sqlite';
  readonly path: string;
}

export interface MysqlConfig {
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

export interface AppConfig {
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly tariff: TariffConfig;
}
