import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isUniqueViolation } from '../../platform/database/database-errors.js';
import { withTransientRetry } from '../../platform/database/transaction-retry.js';
import { isDatabaseUnavailable } from '../../platform/database/database-unavailable.js';
import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import { keyOf } from '../domain/batch-plan.js';
import { assertTotalsCurrent } from '../persistence/billing-state.js';
import {
  addToTotals,
  isMysql,
  totalsOf,
  totalsUpserts,
} from '../persistence/billing-totals.js';
import { Call } from '../persistence/call.entity.js';
import { mysqlCallInserts, takesInsertReturning } from '../persistence/call-inserts.js';
import type { CallRecord } from '../domain/call-record.rules.js';
import type { Settled } from './request-batcher.js';
import { IdempotencyConflictError } from '../domain/idempotency-conflict.error.js';
import {
  byKey,
  callOf,
  keyPairs,
  storedCalls,
  storedCallsSql,
  type StoredCallRow,
} from '../persistence/stored-calls.js';

export interface RecordedCall {
  readonly call: Call;
  /** True when the key had been recorded before: nothing new was stored. */
  readonly replayed: boolean;
}

type Outcome = Settled<RecordedCall>;

/** A concurrent writer may take a key between our look-up and our insert: then we look again. */
const ATTEMPTS = 3;

export interface CallGroupWriterOptions {
  /** Told, after each commit, how many calls the transaction stored. */
  readonly onStored?: (count: number) => void;
  /**
   * Whether MySQL inserts a group with one `INSERT … RETURNING`; by default, whenever the server
   * takes it (MariaDB 10.5+). False gives MySQL 8's way, one INSERT per call, on any server.
   */
  readonly insertReturning?: boolean;
}

/**
 * Writes a group of single-call requests in one transaction: their calls, and their users'
 * totals. Each request keeps its own outcome: a key already recorded is replayed (or is a 409)
 * without touching its neighbours, and a key repeated within the group is recorded once.
 */
export class CallGroupWriter {
  private readonly mysql: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly blockMs: number,
    private readonly options: CallGroupWriterOptions = {},
  ) {
    this.mysql = isMysql(dataSource.manager);
  }

  /**
   * Each record's outcome, in order, once the transaction holding the group's calls has
   * committed: only then may any request be told its call is stored.
   */
  async write(group: readonly CallRecord[]): Promise<Outcome[]> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.commit(group);
    } catch (error) {
      if (group.length === 1 || !mayBeOneRowsFault(error)) {
        return group.map(() => ({ error }));
      }
      // Something in the group broke the shared transaction: each request goes on its own, so
      // that one bad row fails only its own request.
      const alone: Outcome[] = [];
      for (const record of group) alone.push(...(await this.write([record])));
      return alone;
    }
    this.options.onStored?.(
      outcomes.filter(
        (outcome) => 'value' in outcome && !outcome.value.replayed,
      ).length,
    );
    return outcomes;
  }

  private async commit(group: readonly CallRecord[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTransientRetry(
          async () =>
            (this.mysql ? await this.writeInTwoRoundTrips(group) : undefined) ??
            (await this.dataSource.transaction((manager) =>
              this.writeWithin(manager, group),
            )),
        );
      } catch (error) {
        if (attempt >= ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** The portable way: one statement at a time, in a TypeORM transaction. */
  private async writeWithin(
    manager: EntityManager,
    group: readonly CallRecord[],
  ): Promise<Outcome[]> {
    await assertTotalsCurrent(manager, this.blockMs, { forWrite: true });
    const keys = keyPairs(group);
    const plan = planGroup(group, byKey(await storedCalls(manager, keys)));
    await insertCalls(manager, plan.toInsert);
    await addToTotals(manager, totalsOf(plan.toInsert, this.blockMs));
    return plan.outcomes();
  }

  /**
   * MySQL's way, for the hot path: the transaction in two round trips instead of five or six.
   * The first starts it, takes the shared lock on the billing state and looks the keys up; the
   * second inserts the calls, adds up the totals and commits (a failing statement stops the rest,
   * COMMIT included, and the transaction is rolled back). Undefined, with nothing written, when
   * the billing state is missing or differs: the portable way then stamps it or refuses.
   */
  private async writeInTwoRoundTrips(
    group: readonly CallRecord[],
  ): Promise<Outcome[] | undefined> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      return await this.writeOn(runner, group);
    } finally {
      await runner.release();
    }
  }

  /** The two round trips on a connection of its own; rolls back whatever fails. */
  private async writeOn(
    runner: QueryRunner,
    group: readonly CallRecord[],
  ): Promise<Outcome[] | undefined> {
    try {
      const keys = keyPairs(group);
      const [, state, found = []] = (await runner.query(
        `START TRANSACTION;\n${STATE_FOR_WRITE}` +
          (keys.length === 0 ? '' : `;\n${storedCallsSql(keys.length)}`),
        keys.flat(),
      )) as [unknown, StateForWrite[], StoredCallRow[]?];
      const stamp = state[0];
      if (stamp?.block_ms !== this.blockMs) {
        await runner.query('ROLLBACK');
        return undefined;
      }
      const plan = planGroup(group, byKey(found.map(callOf)));
      if (plan.toInsert.length === 0) {
        await runner.query('COMMIT');
        return plan.outcomes();
      }
      const inserts = mysqlCallInserts(
        plan.toInsert,
        this.options.insertReturning ??
          takesInsertReturning(stamp.server_version),
      );
      const upserts = totalsUpserts(
        totalsOf(plan.toInsert, this.blockMs),
        true,
      );
      const results = (await runner.query(
        [
          ...inserts.statements,
          ...upserts.map(({ sql }) => sql),
          'COMMIT',
        ].join(';\n'),
        [
          ...inserts.parameters,
          ...upserts.flatMap(({ parameters }) => parameters),
        ],
      )) as unknown[];
      giveIds(plan.toInsert, inserts.ids(results));
      return plan.outcomes();
    } catch (error) {
      // The connection may be gone with the transaction; then the server has rolled it back.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

interface GroupPlan {
  /** New calls, ids still to be given by the database. */
  readonly toInsert: Call[];
  /** Each request's outcome, once the calls are inserted. */
  outcomes(): Outcome[];
}

/**
 * What a group stores: each call without a key, and each key's first call unless it is stored
 * already. A stored or earlier key with the same duration is replayed; with another, a 409.
 */
function planGroup(
  group: readonly CallRecord[],
  recorded: ReadonlyMap<string, Call>,
): GroupPlan {
  const now = new Date();
  const leaders = new Map<string, Call>();
  const toInsert: Call[] = [];
  const resolvers: (() => Outcome)[] = group.map((input) => {
    if (input.idempotencyKey === undefined) {
      const call = newCall(input, now);
      toInsert.push(call);
      return () => ({ value: { call, replayed: false } });
    }
    const key = keyOf(input.userName, input.idempotencyKey);
    const first = recorded.get(key) ?? leaders.get(key);
    if (first !== undefined) {
      const conflict = first.callDuration !== input.durationMs;
      const error = new IdempotencyConflictError(input.idempotencyKey);
      return () =>
        conflict ? { error } : { value: { call: first, replayed: true } };
    }
    const call = newCall(input, now);
    leaders.set(key, call);
    toInsert.push(call);
    return () => ({ value: { call, replayed: false } });
  });
  return { toInsert, outcomes: () => resolvers.map((outcome) => outcome()) };
}

/** A call as it is stored: the service's clock, in UTC, decides its billing month. */
export function newCall(record: CallRecord, now: Date): Call {
  const call = new Call();
  call.userName = record.userName;
  call.callDuration = record.durationMs;
  call.idempotencyKey = record.idempotencyKey ?? null;
  call.createdAt = now;
  call.updatedAt = now;
  return call;
}

/** Errors that say nothing about one row: retrying the requests one by one would not help. */
function mayBeOneRowsFault(error: unknown): boolean {
  return (
    !(error instanceof ServiceUnavailableError) && !isDatabaseUnavailable(error)
  );
}

/**
 * Writers share this lock; a rebuild takes it exclusively (see billing-state.ts). The server's
 * version comes along, to tell how it can insert (see call-inserts.ts).
 */
const STATE_FOR_WRITE =
  'SELECT block_ms, VERSION() AS server_version FROM billing_state WHERE id = 1 LOCK IN SHARE MODE';

interface StateForWrite {
  readonly block_ms: number;
  readonly server_version: string;
}

function giveIds(calls: readonly Call[], ids: readonly string[]): void {
  calls.forEach((call, index) => {
    call.id = ids[index] ?? '';
  });
}

/**
 * Inserts the calls and gives each its id: on MySQL in one round trip, an INSERT per call, as
 * every MySQL server takes them (see call-inserts.ts); on SQLite, which runs in-process where a
 * statement costs microseconds, one at a time.
 */
async function insertCalls(
  manager: EntityManager,
  calls: readonly Call[],
): Promise<void> {
  if (calls.length === 0) return;
  if (!isMysql(manager)) {
    for (const call of calls) {
      const { identifiers } = await manager.insert(Call, call);
      call.id = String(identifiers[0]?.id);
    }
    return;
  }
  const inserts = mysqlCallInserts(calls, false);
  const results = await manager.query<unknown>(inserts.statements.join(';\n'), [
    ...inserts.parameters,
  ]);
  // One statement answers its own result; several, an array of theirs.
  giveIds(
    calls,
    inserts.ids(
      inserts.statements.length === 1 ? [results] : (results as unknown[]),
    ),
  );
}
