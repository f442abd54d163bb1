import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { withTransientRetry } from '../database/transaction-retry.js';
import { isDatabaseUnavailable } from '../errors/database-unavailable.js';
import { ServiceUnavailableError } from '../errors/service-unavailable.error.js';
import { keyOf } from './batch-plan.js';
import { assertTotalsCurrent } from './billing-state.js';
import {
  addToTotals,
  isMysql,
  totalsOf,
  totalsUpserts,
} from './billing-totals.js';
import { Call } from './call.entity.js';
import type { CallRecord } from './call-record.rules.js';
import type { Pending } from './request-batcher.js';
import { IdempotencyConflictError } from './idempotency-conflict.error.js';
import {
  byKey,
  callOf,
  keyPairs,
  storedCalls,
  storedCallsSql,
  type StoredCallRow,
} from './stored-calls.js';

export interface RecordedCall {
  readonly call: Call;
  /** True when the key had been recorded before: nothing new was stored. */
  readonly replayed: boolean;
}

export type PendingCall = Pending<CallRecord, RecordedCall>;

type Outcome =
  { readonly recorded: RecordedCall } | { readonly error: unknown };

/** A concurrent writer may take a key between our look-up and our insert: then we look again. */
const ATTEMPTS = 3;

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
    /** Told, after each commit, how many calls the transaction stored. */
    private readonly onStored: (count: number) => void = () => undefined,
  ) {
    this.mysql = isMysql(dataSource.manager);
  }

  async write(group: readonly PendingCall[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.commit(group);
    } catch (error) {
      if (group.length === 1 || !mayBeOneRowsFault(error)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      // Something in the group broke the shared transaction: each request goes on its own, so
      // that one bad row fails only its own request.
      for (const pending of group) await this.write([pending]);
      return;
    }
    // The transaction has committed: only now is any request told its call is stored.
    this.onStored(
      outcomes.filter(
        (outcome) => 'recorded' in outcome && !outcome.recorded.replayed,
      ).length,
    );
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome !== undefined && 'recorded' in outcome)
        pending.resolve(outcome.recorded);
      else pending.reject(outcome?.error);
    });
  }

  private async commit(group: readonly PendingCall[]): Promise<Outcome[]> {
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
    group: readonly PendingCall[],
  ): Promise<Outcome[]> {
    await assertTotalsCurrent(manager, this.blockMs, { forWrite: true });
    const keys = keyPairs(group.map(({ input }) => input));
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
    group: readonly PendingCall[],
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
    group: readonly PendingCall[],
  ): Promise<Outcome[] | undefined> {
    try {
      const keys = keyPairs(group.map(({ input }) => input));
      const [, state, found = []] = (await runner.query(
        `START TRANSACTION;\n${STATE_FOR_WRITE}` +
          (keys.length === 0 ? '' : `;\n${storedCallsSql(keys.length)}`),
        keys.flat(),
      )) as [unknown, { block_ms: number }[], StoredCallRow[]?];
      if (state[0]?.block_ms !== this.blockMs) {
        await runner.query('ROLLBACK');
        return undefined;
      }
      const plan = planGroup(group, byKey(found.map(callOf)));
      const inserts = plan.toInsert.map(() => INSERT_CALL);
      const upserts = totalsUpserts(
        totalsOf(plan.toInsert, this.blockMs),
        true,
      );
      const headers = (await runner.query(
        [...inserts, ...upserts.map(({ sql }) => sql), 'COMMIT'].join(';\n'),
        [
          ...plan.toInsert.flatMap(insertParameters),
          ...upserts.flatMap(({ parameters }) => parameters),
        ],
      )) as { insertId?: number | string }[];
      plan.toInsert.forEach((call, index) => {
        call.id = String(headers[index]?.insertId);
      });
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
  group: readonly PendingCall[],
  recorded: ReadonlyMap<string, Call>,
): GroupPlan {
  const now = new Date();
  const leaders = new Map<string, Call>();
  const toInsert: Call[] = [];
  const resolvers: (() => Outcome)[] = group.map(({ input }) => {
    if (input.idempotencyKey === undefined) {
      const call = newCall(input, now);
      toInsert.push(call);
      return () => ({ recorded: { call, replayed: false } });
    }
    const key = keyOf(input.userName, input.idempotencyKey);
    const first = recorded.get(key) ?? leaders.get(key);
    if (first !== undefined) {
      const conflict = first.callDuration !== input.durationMs;
      const error = new IdempotencyConflictError(input.idempotencyKey);
      return () =>
        conflict ? { error } : { recorded: { call: first, replayed: true } };
    }
    const call = newCall(input, now);
    leaders.set(key, call);
    toInsert.push(call);
    return () => ({ recorded: { call, replayed: false } });
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

/** Writers share this lock; a rebuild takes it exclusively (see billing-state.ts). */
const STATE_FOR_WRITE =
  'SELECT block_ms FROM billing_state WHERE id = 1 LOCK IN SHARE MODE';

function insertParameters(call: Call): unknown[] {
  return [
    call.userName,
    call.callDuration,
    call.idempotencyKey,
    call.createdAt,
    call.updatedAt,
  ];
}

const INSERT_CALL =
  'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) ' +
  'VALUES (?, ?, ?, ?, ?)';

/**
 * Inserts the calls and gives each its id. MySQL gets every INSERT in one round trip (a
 * multi-statement query) and answers one insert id per statement: ids a multi-row INSERT would
 * only imply, and not on every server (interleaved auto-increment, Galera, TiDB). SQLite runs
 * in-process, where a statement costs microseconds.
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
  const results = await manager.query<
    { insertId: number | string }[] | { insertId: number | string }
  >(calls.map(() => INSERT_CALL).join(';\n'), calls.flatMap(insertParameters));
  const headers = Array.isArray(results) ? results : [results];
  calls.forEach((call, index) => {
    call.id = String(headers[index]?.insertId);
  });
}
