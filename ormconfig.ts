import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { migrations } from './migrations/index.js';
import { validateEnv } from './src/platform/config/validate-env.js';
import { dataSourceOptions } from './src/platform/database/data-source-options.js';
import { MigrationLogger } from './src/platform/logging/migration-logger.js';

// The TypeORM CLI reads the same configuration as the service: the environment, then `.env`.
if (existsSync('.env')) process.loadEnvFile('.env');

export default new DataSource({
  ...dataSourceOptions(validateEnv(process.env).database),
  migrations,
  // The CLI logs every query of a migration run; this logger sums the run up in one line.
  logger: new MigrationLogger(),
});
