import {
  column,
  columns,
  NESTED,
  tablesMigration,
  types,
  type Table,
} from './ddl.js';

const BILLING_TOTALS: Table = {
  name: 'billing_totals',
  columns: [
    column('user_name', types.userName),
    column('period', types.period),
    ...columns(types.bigint, 'call_count', 'total_duration', 'block_count'),
  ],
  primaryKey: ['user_name', 'period'],
  charset: 'ascii',
};

const BILLING_STATE: Table = {
  name: 'billing_state',
  columns: [column('id', types.tinyint), column('block_ms', types.int)],
  primaryKey: ['id'],
};

/**
 * Running totals per user and UTC month, kept in the same transaction as every recorded call,
 * so that a bill reads a handful of rows however many calls the user has.
 *
 * `billing_state` holds the block length the totals were counted with. It starts empty: the
 * service fills it on first use while `calls` is still empty, and otherwise refuses to bill
 * until `npm run billing:rebuild` has counted the existing calls (e.g. after an upgrade).
 */
export const CreateBillingTotals1764000000002 = tablesMigration(
  'CreateBillingTotals1764000000002',
  [BILLING_TOTALS, BILLING_STATE],
  NESTED,
);
