import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './dialect.js';

/**
 * Tables described once and written as each dialect spells them: MySQL/MariaDB (keys, checks and
 * table options inside `CREATE TABLE`) and SQLite (single-column primary keys and checks inline,
 * indexes as statements of their own).
 *
 * Applied migrations render their SQL from here: a change to any definition or to the rendering
 * would change what they ran. Add; never edit.
 */

/** A column type as each dialect spells it. */
export interface ColumnType {
  readonly mysql: string;
  readonly sqlite: string;
}

/** A column: its name, its type, and what follows the type (`NOT NULL` unless said). */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly tail: string;
  /** A condition on the column: inline on SQLite, `chk_<table>_<column>` on MySQL. */
  readonly check?: string;
}

export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  /** Whether the (single) primary key column numbers new rows. */
  readonly autoIncrement?: boolean;
  readonly indexes?: readonly Index[];
  /** The default character set of the table's text on MySQL (binary collation); none: the server's. */
  readonly charset?: 'ascii' | 'utf8mb4';
}

/**
 * Where a statement's lines start: its closing line indented by `indent` (the columns by two
 * more), and, with `leadingNewline`, its first line too, on a line of its own. The first
 * migrations wrote their statements nested in the code so; their SQL stays the same to the byte.
 */
export interface Layout {
  readonly mysqlIndent: string;
  readonly sqliteIndent: string;
  readonly leadingNewline: boolean;
}

export const COMPACT: Layout = {
  mysqlIndent: '  ',
  sqliteIndent: '  ',
  leadingNewline: false,
};

/** The first migrations' layout. */
export const NESTED: Layout = {
  mysqlIndent: ' '.repeat(8),
  sqliteIndent: ' '.repeat(6),
  leadingNewline: true,
};

const ASCII = 'CHARACTER SET ascii COLLATE ascii_bin';

/** Text compared byte by byte: `ascii_bin` on MySQL, SQLite's binary default. */
function ascii(type: string): ColumnType {
  return { mysql: `${type} ${ASCII}`, sqlite: type };
}

/** Column types as each dialect spells them. */
export const types = {
  tinyint: { mysql: 'tinyint', sqlite: 'integer' },
  int: { mysql: 'int', sqlite: 'integer' },
  bigint: { mysql: 'bigint', sqlite: 'integer' },
  /** An instant, to the millisecond (3) or microsecond (6) on MySQL. */
  datetime: (fraction: 3 | 6): ColumnType => ({
    mysql: `datetime(${fraction})`,
    sqlite: 'datetime',
  }),
  ascii,
  /** Free text, compared byte by byte (`utf8mb4_bin` on MySQL). */
  utf8: (type: string): ColumnType => ({
    mysql: `${type} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    sqlite: type,
  }),
  /** Spelt alike (text in the table's own character set on MySQL). */
  alike: (type: string): ColumnType => ({ mysql: type, sqlite: type }),
  userName: ascii('varchar(32)'),
  period: ascii('char(7)'),
  plan: ascii('varchar(32)'),
  prefix: ascii('varchar(15)'),
} as const;

export function column(
  name: string,
  type: ColumnType,
  tail = 'NOT NULL',
  check?: string,
): Column {
  return { name, type, tail, check };
}

/** Columns that may be NULL. */
export function nullable(columns: readonly Column[]): Column[] {
  return columns.map((each) => ({ ...each, tail: 'NULL' }));
}

/** `names` of one `type`, NOT NULL. */
export function columns(type: ColumnType, ...names: string[]): Column[] {
  return names.map((name) => column(name, type));
}

/** What a call, a total or an invoice counts; money apart. */
export const FIGURES = columns(
  types.bigint,
  'call_count',
  'total_duration',
  'block_count',
  'billed_seconds',
);

/** An amount in micros (10^-6) and the decimals it is shown with. */
export const MONEY = [
  column('amount_micros', types.bigint),
  column('amount_decimals', types.tinyint),
];

/** The rate a call was rated with: plan, version and prefix, their names after `prefix`. */
export function rateColumns(prefix: string): Column[] {
  return [
    column(`${prefix}plan`, types.plan),
    column(`${prefix}version`, types.datetime(3)),
    column(`${prefix}prefix`, types.prefix),
  ];
}

/** The statements that create `table`, its indexes with it, on MySQL or on SQLite. */
export function createTable(
  table: Table,
  mysql: boolean,
  layout: Layout = COMPACT,
): string[] {
  const inline = table.primaryKey.length === 1 ? table.primaryKey[0] : '';
  if (mysql) {
    const lines = [
      ...table.columns.map(
        ({ name, type, tail }) =>
          `${name} ${type.mysql} ${tail}${table.autoIncrement === true && name === inline ? ' AUTO_INCREMENT' : ''}`,
      ),
      `PRIMARY KEY (${table.primaryKey.join(', ')})`,
      ...(table.indexes ?? []).map(
        ({ name, columns: indexed, unique }) =>
          `${unique === true ? 'UNIQUE ' : ''}KEY ${name} (${indexed.join(', ')})`,
      ),
      ...table.columns.flatMap(({ name, check }) =>
        check === undefined
          ? []
          : [`CONSTRAINT chk_${table.name}_${name} CHECK (${check})`],
      ),
    ];
    const indent = layout.mysqlIndent;
    return [
      block(`CREATE TABLE ${table.name} (`, lines, indent, layout) +
        `\n${indent}) ENGINE=InnoDB${table.charset === undefined ? '' : ` DEFAULT CHARSET=${table.charset} COLLATE=${table.charset}_bin`}`,
    ];
  }
  const lines = table.columns.map(({ name, type, tail, check }) => {
    const key =
      name !== inline
        ? ''
        : table.autoIncrement === true
          ? ' PRIMARY KEY AUTOINCREMENT'
          : ' PRIMARY KEY';
    const condition = check === undefined ? '' : ` CHECK (${check})`;
    return `${name} ${type.sqlite}${key} ${tail}${condition}`;
  });
  if (inline === '') lines.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
  const indent = layout.sqliteIndent;
  return [
    block(`CREATE TABLE ${table.name} (`, lines, indent, layout) +
      `\n${indent})`,
    ...(table.indexes ?? []).map(
      ({ name, columns: indexed, unique }) =>
        `CREATE ${unique === true ? 'UNIQUE ' : ''}INDEX ${name} ON ${table.name} (${indexed.join(', ')})`,
    ),
  ];
}

/** The statements that add `added` to `table`: one on MySQL, one a column on SQLite. */
export function addColumns(
  table: string,
  added: readonly Column[],
  mysql: boolean,
): string[] {
  if (mysql) {
    return [
      block(
        `ALTER TABLE ${table}`,
        added.map(
          ({ name, type, tail }) => `ADD COLUMN ${name} ${type.mysql} ${tail}`,
        ),
        COMPACT.mysqlIndent,
        COMPACT,
      ),
    ];
  }
  return added.map(
    ({ name, type, tail }) =>
      `ALTER TABLE ${table} ADD COLUMN ${name} ${type.sqlite} ${tail}`,
  );
}

/** A migration that creates `tables`, and drops them (the last first) when reverted. */
export function tablesMigration(
  name: string,
  tables: readonly Table[],
  layout: Layout = COMPACT,
): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      await createTables(queryRunner, tables, layout);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const table of [...tables].reverse()) {
        await queryRunner.query(`DROP TABLE ${table.name}`);
      }
    }
  };
}

/** Runs `tables`' statements for the connection's dialect, in order. */
export async function createTables(
  queryRunner: QueryRunner,
  tables: readonly Table[],
  layout: Layout = COMPACT,
): Promise<void> {
  const mysql = isMysql(queryRunner);
  for (const table of tables) {
    for (const sql of createTable(table, mysql, layout)) {
      await queryRunner.query(sql);
    }
  }
}

function block(
  head: string,
  lines: readonly string[],
  indent: string,
  { leadingNewline }: Layout,
): string {
  const start = leadingNewline ? `\n${indent}` : '';
  return `${start}${head}\n${lines.map((line) => `${indent}  ${line}`).join(',\n')}`;
}
