import { column, NESTED, tablesMigration, types, type Table } from './ddl.js';

const CALLS: Table = {
  name: 'calls',
  columns: [
    column('id', types.bigint),
    column('user_name', types.userName),
    column('call_duration', types.int, 'NOT NULL', 'call_duration >= 0'),
    column('created_at', types.datetime(6)),
    column('updated_at', types.datetime(6)),
  ],
  primaryKey: ['id'],
  autoIncrement: true,
  indexes: [
    {
      name: 'idx_calls_user_created',
      columns: ['user_name', 'created_at', 'id'],
    },
  ],
  charset: 'utf8mb4',
};

/**
 * The `calls` table. On MySQL `user_name` uses a binary collation, so `Alice` and `alice` are two
 * users as they are on SQLite (whose default TEXT comparison is already binary); user names are
 * ASCII by contract, so the ascii character set keeps the index small.
 */
export const CreateCalls1764000000000 = tablesMigration(
  'CreateCalls1764000000000',
  [CALLS],
  NESTED,
);
