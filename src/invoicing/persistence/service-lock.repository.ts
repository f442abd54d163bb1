import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { command, type Statement } from '../../platform/database/statement.js';

/**
 * Leases in `service_locks`: a named job that exactly one process runs at a time, however many
 * run. A lease lasts a number of seconds and its holder renews it as it goes; one whose holder
 * died runs out and another process takes it over. Expiry is judged by the database's clock, so
 * that the processes' clocks need not agree.
 */
@Injectable()
export class ServiceLockRepository {
  constructor(private readonly database: Database) {}

  /** Creates the lease's row, expired, unless it exists: `take` needs a row to update. */
  ensure(name: string): Statement<number> {
    const ignore = this.database.dialect === 'mysql' ? 'IGNORE' : 'OR IGNORE';
    return command(
      `INSERT ${ignore} INTO service_locks (name, holder, expires_at) ` +
        "VALUES (?, '', '1970-01-01 00:00:00.000')",
      [name],
    );
  }

  /** Takes the lease for `seconds` if it is free, expired or already `holder`'s: true if taken. */
  take(name: string, holder: string, seconds: number): Statement<boolean> {
    return this.update(
      name,
      holder,
      seconds,
      `(holder = ? OR expires_at < ${this.now()})`,
    );
  }

  /**
   * Extends `holder`'s lease by `seconds` from now: false when another process has taken it
   * meanwhile. Run inside a transaction, it also fences that transaction: the row stays locked
   * until it ends, so no other process can take the lease in between.
   */
  renew(name: string, holder: string, seconds: number): Statement<boolean> {
    return this.update(name, holder, seconds, 'holder = ?');
  }

  /** Gives the lease up at once, if `holder` has it. */
  release(name: string, holder: string): Statement<number> {
    return command(
      "UPDATE service_locks SET expires_at = '1970-01-01 00:00:00.000' " +
        'WHERE name = ? AND holder = ?',
      [name, holder],
    );
  }

  private update(
    name: string,
    holder: string,
    seconds: number,
    condition: string,
  ): Statement<boolean> {
    return {
      sql:
        `UPDATE service_locks SET holder = ?, expires_at = ${this.now(seconds)} ` +
        `WHERE name = ? AND ${condition}`,
      parameters: [holder, name, holder],
      decode: ({ affected }) => affected === 1,
    };
  }

  /** The database's clock, UTC, `seconds` ahead, as a datetime the table's column compares with. */
  private now(seconds = 0): string {
    const ahead = Math.trunc(seconds);
    return this.database.dialect === 'mysql'
      ? `(UTC_TIMESTAMP(6) + INTERVAL ${ahead} SECOND)`
      : `strftime('%Y-%m-%d %H:%M:%f', 'now', '+${ahead} seconds')`;
  }
}
