import { Injectable } from '@nestjs/common';
import {
  Database,
  type ServerTraits,
} from '../../platform/database/database.js';
import {
  placeholders,
  select,
  statement,
  type Row,
  type Statement,
} from '../../platform/database/statement.js';
import {
  dateFrom,
  numberFrom,
  textFrom,
} from '../../platform/database/sql-values.js';
import type { CallCursor } from '../domain/call-cursor.js';
import type { Period } from '../domain/period.js';
import { Call } from './call.entity.js';

const COLUMNS =
  'id, user_name, call_duration, idempotency_key, created_at, updated_at';
const INSERT_INTO =
  'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) VALUES ';
const VALUES_PER_CALL = 5;
/**
 * Rows per INSERT and key pairs per look-up: an import batch (5,000 lines) in one statement
 * each, 25,000 bound values at most, under SQLite's 32,766.
 */
const CHUNK = 5000;

export interface CallPageQuery {
  readonly period?: Period;
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
    for (let start = 0; start < pairs.length; start += CHUNK) {
      const chunk = pairs.slice(start, start + CHUNK);
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
          chunk.flatMap(valuesOf),
          ({ rows }) => {
            rows.forEach((row, index) => {
              const call = chunk[index];
              if (call !== undefined) call.id = textFrom(row.id);
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
    { period, limit, after }: CallPageQuery,
  ): Statement<Call[]> {
    const where = ['user_name = ?'];
    const parameters: unknown[] = [userName];
    if (period !== undefined) {
      where.push('created_at >= ? AND created_at < ?');
      parameters.push(period.start, period.end);
    }
    if (after !== undefined) {
      // The page ends at a (created_at, id) position; the next starts strictly after it, so
      // calls recorded meanwhile (which sort first) never shift or repeat a later page.
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(after.createdAt, after.createdAt, idValue(after.id));
    }
    return select(
      `SELECT ${COLUMNS} FROM calls WHERE ${where.join(' AND ')} ` +
        'ORDER BY created_at DESC, id DESC LIMIT ?',
      [...parameters, limit + 1],
      callFrom,
    );
  }

  /** Up to `limit` calls after the id `after`, by ascending id: a keyset walk over every call. */
  afterId(after: string, limit: number): Statement<Call[]> {
    return select(
      `SELECT ${COLUMNS} FROM calls WHERE id > ? ORDER BY id LIMIT ?`,
      [idValue(after), limit],
      callFrom,
    );
  }

  count(): Statement<number> {
    return statement('SELECT COUNT(*) AS n FROM calls', [], ({ rows }) =>
      numberFrom(rows[0]?.n),
    );
  }

  /** Whether any call is stored at all. */
  any(): Statement<boolean> {
    return statement(
      'SELECT 1 AS found FROM calls LIMIT 1',
      [],
      ({ rows }) => rows.length > 0,
    );
  }
}

function chunks(calls: readonly Call[]): Call[][] {
  const all = [];
  for (let start = 0; start < calls.length; start += CHUNK) {
    all.push(calls.slice(start, start + CHUNK));
  }
  return all;
}

function insertRows(
  calls: readonly Call[],
  decode: Statement<void>['decode'],
): Statement<void> {
  return statement(
    INSERT_INTO + rowPlaceholders(calls.length),
    calls.flatMap(valuesOf),
    decode,
  );
}

function rowPlaceholders(count: number): string {
  return placeholders(count, `(${placeholders(VALUES_PER_CALL)})`);
}

function valuesOf(call: Call): unknown[] {
  return [
    call.userName,
    call.callDuration,
    call.idempotencyKey,
    call.createdAt,
    call.updatedAt,
  ];
}

/** Ids are compared as numbers; one past 2^53 (never reached in practice) goes as text. */
function idValue(id: string): number | string {
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : id;
}

export function callFrom(row: Row): Call {
  const call = new Call();
  call.id = textFrom(row.id);
  call.userName = textFrom(row.user_name);
  call.callDuration = numberFrom(row.call_duration);
  call.idempotencyKey =
    row.idempotency_key === null ? null : textFrom(row.idempotency_key);
  call.createdAt = dateFrom(row.created_at);
  call.updatedAt = dateFrom(row.updated_at);
  return call;
}
