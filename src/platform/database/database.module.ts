import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../config/app-config.service.js';
import { DatabaseConnector } from './database-connector.js';
import { Database } from './database.js';
import { dataSourceOptions } from './data-source-options.js';
import { MysqlDatabase } from './mysql-database.js';
import { SqliteDatabase } from './sqlite-database.js';

/** The database, for every module: its connection, and the {@link Database} repositories run on. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({
        ...dataSourceOptions(config.get('database')),
        // DatabaseConnector connects, in the background if need be: the service starts (and
        // answers 503) without its database rather than waiting for it or giving up.
        manualInitialization: true,
      }),
    }),
  ],
  providers: [
    DatabaseConnector,
    {
      provide: Database,
      inject: [DataSource, AppConfigService],
      useFactory: (dataSource: DataSource, config: AppConfigService) => {
        const database = config.get('database');
        return database.type === 'mysql'
          ? new MysqlDatabase(dataSource, database.timeoutMs)
          : new SqliteDatabase(dataSource, database.path, database.timeoutMs);
      },
    },
  ],
  exports: [DatabaseConnector, Database],
})
export class DatabaseModule {}
