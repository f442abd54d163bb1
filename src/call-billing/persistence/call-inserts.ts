import type { Call } from './call.entity.js';

const INSERT_INTO_CALLS =
  'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) VALUES ';

/** One multi-row INSERT of `count` calls, bound by {@link callParameters}. */
export function insertCallsSql(count: number): string {
  return INSERT_INTO_CALLS + Array(count).fill('(?, ?, ?, ?, ?)').join(', ');
}

/** A call's values for {@link insertCallsSql}, its times written by `time`. */
export function callParameters(
  call: Call,
  time: (at: Date) => string,
): unknown[] {
  return [
    call.userName,
    call.callDuration,
    call.idempotencyKey,
    time(call.createdAt),
    time(call.updatedAt),
  ];
}

/**
 * Writes instants as UTC datetime text, `2026-11-24 10:15:30.123`: what mysql2 would send for a
 * Date (the connection's zone is UTC), and how TypeORM stores one in SQLite, so that comparisons
 * agree. The calls of a group or batch share one instant, which is formatted once.
 */
export function utcDatetimeText(): (at: Date) => string {
  let last: Date | undefined;
  let text = '';
  return (at) => {
    if (at !== last) {
      last = at;
      text = at.toISOString().replace('T', ' ').slice(0, 23);
    }
    return text;
  };
}

/**
 * Whether the server answers `INSERT … RETURNING`: MariaDB does from 10.5; MySQL 8 and TiDB do
 * not. `version` is what `SELECT VERSION()` says (`10.11.6-MariaDB-0+deb12u1`).
 */
export function takesInsertReturning(version: string | undefined): boolean {
  const match = /^(\d+)\.(\d+)\.\d+-MariaDB/i.exec(version ?? '');
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 10 || (major === 10 && minor >= 5);
}

/** Statements that store calls on MySQL and tell each call's id, in one round trip. */
export interface CallInserts {
  /** The statements, to run as one multi-statement query. */
  readonly statements: readonly string[];
  readonly parameters: readonly unknown[];
  /** The calls' ids, in order, from the query's results (the inserts' come first). */
  ids(results: readonly unknown[]): string[];
}

/**
 * The MySQL statements that insert `calls` (at least one) and give back their ids. With
 * `returning`, one multi-row `INSERT … RETURNING id`, whose rows come in the order of its values.
 * Otherwise one INSERT per call, each answering its own insert id: a multi-row INSERT's ids would
 * only be implied, and not on every server (interleaved auto-increment, Galera, TiDB).
 */
export function mysqlCallInserts(
  calls: readonly Call[],
  returning: boolean,
): CallInserts {
  const time = utcDatetimeText();
  const parameters = calls.flatMap((call) => callParameters(call, time));
  if (returning) {
    return {
      statements: [`${insertCallsSql(calls.length)} RETURNING id`],
      parameters,
      ids: (results) =>
        (results[0] as { id: number | string }[]).map(({ id }) => String(id)),
    };
  }
  return {
    statements: calls.map(() => insertCallsSql(1)),
    parameters,
    ids: (results) =>
      calls.map((_, index) =>
        String((results[index] as { insertId: number | string }).insertId),
      ),
  };
}
