import { Columns } from './sql-values.js';

/** A row as a driver gives it: MySQL's types (Date, string bigints) or SQLite's (text, numbers). */
export type Row = Readonly<Record<string, unknown>>;

/** What one statement answered, the same shape on both drivers. */
export interface QueryResult {
  /** The rows a query or an insert `… RETURNING` answers; empty otherwise. */
  readonly rows: readonly Row[];
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  readonly affected: number;
  /** The auto-increment id of the last row an INSERT created, as a string of digits. */
  readonly insertId: string | undefined;
}

/**
 * One SQL statement with its bound values, and how to read what it answers. Repositories build
 * them; the {@link Database} runs them, several in one round trip where the driver allows.
 */
export interface Statement<T> {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly decode: (result: QueryResult) => T;
}

/** The decoded results of a list of statements, in order. */
export type ResultsOf<S extends readonly Statement<unknown>[]> = {
  -readonly [K in keyof S]: S[K] extends Statement<infer T> ? T : never;
};

export function statement<T>(
  sql: string,
  parameters: readonly unknown[],
  decode: (result: QueryResult) => T,
): Statement<T> {
  return { sql, parameters, decode };
}

/** A statement whose result nobody reads (an upsert, a lock). */
export function command(
  sql: string,
  parameters: readonly unknown[] = [],
): Statement<number> {
  return statement(sql, parameters, ({ affected }) => affected);
}

/** A query whose rows are read one by one. */
export function select<T>(
  sql: string,
  parameters: readonly unknown[],
  read: (row: Columns) => T,
): Statement<T[]> {
  return statement(sql, parameters, ({ rows }) =>
    rows.map((row) => read(new Columns(row))),
  );
}

/** A query whose first row is read; undefined when it answers none. */
export function selectOne<T>(
  sql: string,
  parameters: readonly unknown[],
  read: (row: Columns) => T,
): Statement<T | undefined> {
  return statement(sql, parameters, ({ rows }) =>
    rows[0] === undefined ? undefined : read(new Columns(rows[0])),
  );
}

/**
 * A query that answers one row (an aggregate, the ledger's row): its columns are read, every
 * one NULL should it answer none.
 */
export function selectSingle<T>(
  sql: string,
  parameters: readonly unknown[],
  read: (row: Columns) => T,
): Statement<T> {
  return statement(sql, parameters, ({ rows }) =>
    read(new Columns(rows[0] ?? {})),
  );
}

/** Whether a query answers any row. */
export function exists(
  sql: string,
  parameters: readonly unknown[],
): Statement<boolean> {
  return statement(sql, parameters, ({ rows }) => rows.length > 0);
}

/** `?, ?, ?` for `count` values. */
export function placeholders(count: number, group = '?'): string {
  return count === 0 ? '' : group + `, ${group}`.repeat(count - 1);
}
