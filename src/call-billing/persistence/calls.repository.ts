import { Injectable } from '@nestjs/common';
import {
  Database,
  type ServerTraits,
} from '../../platform/database/database.js';
import { Columns, integerValue } from '../../platform/database/sql-values.js';
import {
  command,
  placeholders,
  select,
  selectOne,
  selectSingle,
  statement,
  type Statement,
} from '../../platform/database/statement.js';
import type { CallCursor } from '../domain/call-cursor.js';
import { Call } from './call.entity.js';

/** The columns a call's rating fills (a correction rewrites them). */
const RATING = [
  'block_count',
  'billed_seconds',
  'amount_micros',
  'amount_decimals',
  'rate_plan',
  'rate_version',
  'rate_prefix',
];
const STORED =
  'user_name, call_duration, idempotency_key, created_at, updated_at, started_at, destination, ' +
  `billing_period, late, ${RATING.join(', ')}`;
const COLUMNS = `id, ${STORED}, voided_at, void_reason`;
/** The calls the running totals hold. */
const COUNTED =
  '(voided_at IS NULL OR EXISTS (SELECT 1 FROM credits WHERE credits.call_id = calls.id))';
const INSERT_INTO = `INSERT INTO calls (${STORED}) VALUES `;
const VALUES_PER_CALL = 16;
/** Key pairs per look-up: an import batch (5,000 lines) in one statement. */
const KEYS_PER_LOOKUP = 5000;
/** Rows per INSERT: 16 values each, under SQLite's 32,766 bound values. */
const ROWS_PER_INSERT = 2000;

export interface CallPageQuery {
  /** A billing period, `YYYY-MM`. */
  readonly period?: string;
  /** Whether voided calls are listed too. */
  readonly includeVoided: boolean;
  readonly limit: number;
  /** Where the previous page ended; undefined for the first page. */
  readonly after?: CallCursor;
}

/** Every statement on `calls`. */
@Injectable()
export class CallsRepository {
  constructor(private readonly database: Database) {}

  /** The calls stored under `pairs` of (user, key), a statement per chunk. */
  findByKeys(
    pairs: readonly (readonly [string, string])[],
  ): Statement<Call[]>[] {
    const statements = [];
    for (let start = 0; start < pairs.length; start += KEYS_PER_LOOKUP) {
      const chunk = pairs.slice(start, start + KEYS_PER_LOOKUP);
      statements.push(
        select(
          `SELECT ${COLUMNS} FROM calls WHERE (user_name, idempotency_key) IN (${placeholders(chunk.length, '(?, ?)')})`,
          chunk.flat(),
          callFrom,
        ),
      );
    }
    return statements;
  }

  /**
   * The statements that store `calls`. With `giveIds`, each call gets its id as they run: from
   * `INSERT … RETURNING` where the server has it (its rows come in the order of the values), on
   * SQLite from the last rowid (a single writer, and AUTOINCREMENT ids are consecutive within one
   * statement), on MySQL 8 from one INSERT per call (a multi-row INSERT's ids are only implied
   * there, and not on every server: interleaved auto-increment, Galera, TiDB).
   */
  insert(
    calls: readonly Call[],
    server: ServerTraits,
    { giveIds }: { giveIds: boolean },
  ): Statement<void>[] {
    if (!giveIds)
      return chunks(calls).map((chunk) => insertRows(chunk, () => undefined));
    if (this.database.dialect === 'sqlite') {
      return chunks(calls).map((chunk) =>
        insertRows(chunk, ({ insertId }) => {
          const last = BigInt(insertId ?? '0');
          chunk.forEach((call, index) => {
            call.id = String(last - BigInt(chunk.length - 1 - index));
          });
        }),
      );
    }
    if (server.insertReturning) {
      return chunks(calls).map((chunk) =>
        statement(
          `${INSERT_INTO}${rowPlaceholders(chunk.length)} RETURNING id`,
          valuesOfAll(chunk),
          ({ rows }) => {
            rows.forEach((row, index) => {
              const call = chunk[index];
              if (call !== undefined) call.id = new Columns(row).text('id');
            });
          },
        ),
      );
    }
    return calls.map((call) =>
      insertRows([call], ({ insertId }) => {
        call.id = insertId ?? '';
      }),
    );
  }

  /** One page of a user's calls, newest first, and one more to tell whether another follows. */
  page(
    userName: string,
    { period, includeVoided, limit, after }: CallPageQuery,
  ): Statement<Call[]> {
    const where = ['user_name = ?'];
    const parameters: unknown[] = [userName];
    if (period !== undefined) {
      where.push('billing_period = ?');
      parameters.push(period);
    }
    if (!includeVoided) where.push('voided_at IS NULL');
    if (after !== undefined) {
      // The page ends at a (created_at, id) position; the next starts strictly after it, so
      // calls recorded meanwhile (which sort first) never shift or repeat a later page.
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(after.createdAt, after.createdAt, integerValue(after.id));
    }
    return select(
      `SELECT ${COLUMNS} FROM calls WHERE ${where.join(' AND ')} ` +
        'ORDER BY created_at DESC, id DESC LIMIT ?',
      [...parameters, limit + 1],
      callFrom,
    );
  }

  /**
   * Up to `limit` calls that count in the totals after the id `after`, by ascending id: a keyset
   * walk. A voided call counts only when it was credited (voided after its period closed).
   */
  countedAfterId(after: string, limit: number): Statement<Call[]> {
    return select(
      `SELECT ${COLUMNS} FROM calls WHERE id > ? AND ${COUNTED} ORDER BY id LIMIT ?`,
      [integerValue(after), limit],
      callFrom,
    );
  }

  /**
   * Up to `limit` counted calls started at or after `from` (of `userName` only, when given),
   * after the id `after`: the calls a correction effective from `from` may re-rate.
   */
  startedFrom(
    from: Date,
    userName: string | null,
    after: string,
    limit: number,
  ): Statement<Call[]> {
    const user = userName === null ? '' : ' AND user_name = ?';
    return select(
      `SELECT ${COLUMNS} FROM calls WHERE started_at >= ? AND ${COUNTED}${user} AND id > ? ` +
        'ORDER BY id LIMIT ?',
      userName === null
        ? [from, integerValue(after), limit]
        : [from, userName, integerValue(after), limit],
      callFrom,
    );
  }

  /** The highest call id; 0 when there is no call. */
  lastId(): Statement<bigint> {
    return selectSingle('SELECT MAX(id) AS id FROM calls', [], (row) =>
      row.bigint('id'),
    );
  }

  /** The first call from the id `id` on: its id, and when it was recorded. */
  firstFrom(
    id: bigint,
  ): Statement<{ readonly id: bigint; readonly createdAt: Date } | undefined> {
    return selectOne(
      'SELECT id, created_at FROM calls WHERE id >= ? ORDER BY id LIMIT 1',
      [integerValue(id)],
      (row) => ({ id: row.bigint('id'), createdAt: row.date('created_at') }),
    );
  }

  /** The call `id` of `userName`, locked for the transaction on MySQL. */
  forVoid(userName: string, id: string): Statement<Call | undefined> {
    const lock = this.database.dialect === 'mysql' ? ' FOR UPDATE' : '';
    return selectOne(
      `SELECT ${COLUMNS} FROM calls WHERE id = ? AND user_name = ?${lock}`,
      [integerValue(id), userName],
      callFrom,
    );
  }

  void(call: Call): Statement<number> {
    return command(
      'UPDATE calls SET voided_at = ?, void_reason = ?, updated_at = ? WHERE id = ?',
      [call.voidedAt, call.voidReason, call.updatedAt, integerValue(call.id)],
    );
  }

  /** Stores a call's new rating results (a correction). */
  rerate(call: Call): Statement<number> {
    return command(
      `UPDATE calls SET ${RATING.map((column) => `${column} = ?`).join(', ')}, ` +
        'updated_at = ? WHERE id = ?',
      [
        ...valuesOf(call).slice(-RATING.length),
        call.updatedAt,
        integerValue(call.id),
      ],
    );
  }

  count(): Statement<number> {
    return selectSingle('SELECT COUNT(*) AS n FROM calls', [], (row) =>
      row.number('n'),
    );
  }
}

function chunks(calls: readonly Call[]): Call[][] {
  const all = [];
  for (let start = 0; start < calls.length; start += ROWS_PER_INSERT) {
    all.push(calls.slice(start, start + ROWS_PER_INSERT));
  }
  return all;
}

function insertRows(
  calls: readonly Call[],
  decode: Statement<void>['decode'],
): Statement<void> {
  return statement(
    INSERT_INTO + rowPlaceholders(calls.length),
    valuesOfAll(calls),
    decode,
  );
}

function rowPlaceholders(count: number): string {
  return placeholders(count, `(${placeholders(VALUES_PER_CALL)})`);
}

/** A call's values for the {@link STORED} columns, which end with the {@link RATING} ones. */
function valuesOf(call: Call): unknown[] {
  const values: unknown[] = [];
  pushValues(call, values);
  return values;
}

/** The values of `calls`, one after another: pushed, since a chunk holds up to 32,000. */
function valuesOfAll(calls: readonly Call[]): unknown[] {
  const values: unknown[] = [];
  for (const call of calls) pushValues(call, values);
  return values;
}

function pushValues(call: Call, values: unknown[]): void {
  values.push(
    call.userName,
    call.callDuration,
    call.idempotencyKey,
    call.createdAt,
    call.updatedAt,
    call.startedAt,
    call.destination,
    call.billingPeriod,
    call.late,
    call.blockCount,
    call.billedSeconds,
    call.amountMicros,
    call.amountDecimals,
    call.ratePlan,
    call.rateVersion,
    call.ratePrefix,
  );
}

export function callFrom(row: Columns): Call {
  const call = new Call();
  call.id = row.text('id');
  call.userName = row.text('user_name');
  call.callDuration = row.number('call_duration');
  call.idempotencyKey = row.optionalText('idempotency_key');
  call.createdAt = row.date('created_at');
  call.updatedAt = row.date('updated_at');
  call.startedAt = row.date('started_at');
  call.destination = row.optionalText('destination');
  call.billingPeriod = row.text('billing_period');
  call.late = row.flag('late');
  call.blockCount = row.number('block_count');
  call.billedSeconds = row.number('billed_seconds');
  call.amountMicros = row.bigint('amount_micros');
  call.amountDecimals = row.number('amount_decimals');
  call.ratePlan = row.text('rate_plan');
  call.rateVersion = row.date('rate_version');
  call.ratePrefix = row.text('rate_prefix');
  call.voidedAt = row.optionalDate('voided_at');
  call.voidReason = row.optionalText('void_reason');
  return call;
}
