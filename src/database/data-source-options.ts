import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { Call } from '../call-billing/call.entity.js';
import type { DatabaseConfig } from '../config/app-config.js';

/** Every entity of the service. */
export const entities = [Call];

/**
 * The one set of database options, used by the app and by `ormconfig.ts` (the TypeORM CLI).
 * The schema is the migrations' job: `synchronize` stays off.
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  if (database.type === 'mysql') {
    return {
      type: 'mysql',
      host: database.host,
      port: database.port,
      database: database.name,
      username: database.username,
      password: database.password,
      entities,
      synchronize: false,
      // Times are stored and read as UTC, whatever the server's or the session's zone.
      timezone: 'Z',
      charset: 'utf8mb4',
      // bigint ids and SUM() results arrive as exact strings, never rounded numbers.
      supportBigNumbers: true,
      bigNumberStrings: true,
      extra: { connectionLimit: 10 },
    };
  }
  if (database.path !== ':memory:') {
    // A bare machine has no data/ folder yet; SQLite creates the file but not its folder.
    mkdirSync(dirname(database.path), { recursive: true });
  }
  return {
    type: 'better-sqlite3',
    database: database.path,
    entities,
    synchronize: false,
    enableWAL: true,
    // FULL makes every acknowledged commit survive a crash of the process or the machine.
    prepareDatabase: (db: { pragma: (source: string) => unknown }) => {
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
    },
  };
}
