import { Call } from './call.entity.js';
import {
  insertCallsSql,
  mysqlCallInserts,
  takesInsertReturning,
  utcDatetimeText,
} from './call-inserts.js';

const call = (userName: string, callDuration: number): Call =>
  Object.assign(new Call(), {
    userName,
    callDuration,
    idempotencyKey: null,
    createdAt: new Date('2026-11-30T12:00:00Z'),
    updatedAt: new Date('2026-11-30T12:00:00Z'),
  });

describe('takesInsertReturning', () => {
  it.each([
    ['10.11.6-MariaDB-0+deb12u1', true],
    ['10.5.0-MariaDB', true],
    ['11.4.2-MariaDB-ubu2404', true],
    ['10.4.32-MariaDB', false],
    ['8.0.36', false],
    ['8.4.0-TiDB-v7.5.0', false],
    ['5.5.5-10.11.6-MariaDB', false],
    [undefined, false],
  ])('says %s → %s', (version, expected) => {
    expect(takesInsertReturning(version)).toBe(expected);
  });
});

describe('utcDatetimeText', () => {
  it('writes an instant as UTC datetime text, to the millisecond', () => {
    const text = utcDatetimeText();

    expect(text(new Date('2026-11-30T23:59:59.123Z'))).toBe(
      '2026-11-30 23:59:59.123',
    );
    expect(text(new Date('2027-01-01T00:00:00Z'))).toBe(
      '2027-01-01 00:00:00.000',
    );
  });
});

describe('insertCallsSql', () => {
  it('binds five values a call', () => {
    expect(insertCallsSql(2)).toBe(
      'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) ' +
        'VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)',
    );
  });
});

describe('mysqlCallInserts', () => {
  const calls = [call('alice', 1), call('bob', 2), call('alice', 3)];

  it('with RETURNING: one statement, the ids read from its rows in order', () => {
    const inserts = mysqlCallInserts(calls, true);

    expect(inserts.statements).toEqual([`${insertCallsSql(3)} RETURNING id`]);
    expect(inserts.parameters).toHaveLength(15);
    expect(inserts.parameters.slice(5, 10)).toEqual([
      'bob',
      2,
      null,
      '2026-11-30 12:00:00.000',
      '2026-11-30 12:00:00.000',
    ]);
    expect(
      inserts.ids([[{ id: '7' }, { id: 8 }, { id: '9' }], { affectedRows: 1 }]),
    ).toEqual(['7', '8', '9']);
  });

  it('without: one statement a call, each id from its own answer', () => {
    const inserts = mysqlCallInserts(calls, false);

    expect(inserts.statements).toEqual(Array(3).fill(insertCallsSql(1)));
    expect(inserts.parameters).toHaveLength(15);
    expect(
      inserts.ids([
        { insertId: 7 },
        { insertId: '12' },
        { insertId: 20 },
        { affectedRows: 3 },
      ]),
    ).toEqual(['7', '12', '20']);
  });
});
