import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  command,
  statement,
  type Statement,
} from '../../platform/database/statement.js';

/**
 * The billing state: the block length the running totals were counted with (one row, id 1).
 * Writers share a lock on it; a rebuild deletes it first, so that it waits for them and they
 * wait for it: no call is counted twice or lost in between.
 */
@Injectable()
export class BillingStateRepository {
  constructor(private readonly database: Database) {}

  /** The stamped block length, or undefined before the first stamp; shares the row's lock on MySQL. */
  forWrite(): Statement<number | undefined> {
    const lock = this.database.dialect === 'mysql' ? ' LOCK IN SHARE MODE' : '';
    return statement(
      `SELECT block_ms FROM billing_state WHERE id = 1${lock}`,
      [],
      ({ rows }) =>
        rows[0] === undefined ? undefined : Number(rows[0].block_ms),
    );
  }

  stamp(blockMs: number): Statement<number> {
    return command('INSERT INTO billing_state (id, block_ms) VALUES (1, ?)', [
      blockMs,
    ]);
  }

  clear(): Statement<number> {
    return command('DELETE FROM billing_state');
  }
}
