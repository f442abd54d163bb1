import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { Call } from '../../call-billing/persistence/call.entity.js';
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
      // A transaction's statements go in one or two round trips (see mysql-database.ts). Every
      // query of the service binds its values as parameters.
      multipleStatements: true,
      // mysql2 otherwise captures a stack trace for every query, in case it fails: 2-5% of the
      // server's time under load (docs/performance.md). Errors still carry the driver's code.
      trace: false,
      // An unreachable database fails a request within seconds instead of holding it (SPEC §4):
      connectTimeout: 3_000,
      extra: {
        connectionLimit: 10,
        // Beyond this many requests waiting for a connection, more wait no longer: 503 at once.
        queueLimit: 1_000,
        // Connections idle for a minute are closed (mysql2 does so only with maxIdle below
        // connectionLimit), so few stale ones are left after an outage; TCP keep-alive finds a
        // dead one (a database gone without closing it) in seconds.
        maxIdle: 5,
        idleTimeout: 60_000,
        enableKeepAlive: true,
        keepAliveInitialDelay: 10_000,
      },
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
      // A busy file is waited for by the service off the event loop (sqlite-database.ts), not
      // by SQLite sleeping inside a call.
      db.pragma('busy_timeout = 0');
    },
  };
}
