import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { migrations } from './migrations/index.js';
import { validateEnv } from './src/platform/config/validate-env.js';
import { dataSourceOptions } from './src/platform/database/data-source-options.js';

// The TypeORM CLI reads the same configuration as the service: the environment, then `.env`.
if (existsSync('.env')) process.loadEnvFile('.env');

export default new DataSource({
  ...dataSourceOptions(validateEnv(process.env).database),
  migrations,
});
