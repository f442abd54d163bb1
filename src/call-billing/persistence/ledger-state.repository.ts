import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { Columns } from '../../platform/database/sql-values.js';
import {
  statement,
  type Statement,
} from '../../platform/database/statement.js';

/** What every write is checked against: the tariffs it rates with and the periods closed. */
export interface LedgerState {
  /** Goes up by one with every change to tariffs or plan assignments. */
  readonly tariffRevision: bigint;
  /** The last closed period (`YYYY-MM`): every period up to it is closed. Null: none. */
  readonly closedThrough: string | null;
}

/**
 * The ledger's one state row (id 1). Call writers share its lock for their whole transaction;
 * a tariff change or a period close takes it exclusively, so that each waits for the writers in
 * flight and every writer after it sees the change: no call is rated with a superseded tariff
 * or booked into a period that has closed.
 */
@Injectable()
export class LedgerStateRepository {
  constructor(private readonly database: Database) {}

  /** The state, sharing the row's lock on MySQL (SQLite has one writer at a time anyway). */
  forWrite(): Statement<LedgerState> {
    const lock = this.database.dialect === 'mysql' ? ' LOCK IN SHARE MODE' : '';
    return this.read(lock);
  }

  /** The state, holding the row's lock exclusively on MySQL until the transaction ends. */
  forChange(): Statement<LedgerState> {
    const lock = this.database.dialect === 'mysql' ? ' FOR UPDATE' : '';
    return this.read(lock);
  }

  /** The state as last committed, without a lock (reads). */
  current(): Statement<LedgerState> {
    return this.read('');
  }

  private read(lock: string): Statement<LedgerState> {
    return statement(
      `SELECT tariff_revision, closed_through FROM ledger_state WHERE id = 1${lock}`,
      [],
      ({ rows }) => {
        if (rows[0] === undefined)
          throw new Error('ledger_state has no row: run the migrations');
        const row = new Columns(rows[0]);
        return {
          tariffRevision: row.bigint('tariff_revision'),
          closedThrough: row.optionalText('closed_through'),
        };
      },
    );
  }
}
