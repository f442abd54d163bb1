import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { withTransientRetry } from '../database/transaction-retry.js';
import { isDatabaseUnavailable } from '../errors/database-unavailable.js';
import { ServiceUnavailableError } from '../errors/service-unavailable.error.js';
import { keyOf } from './batch-plan.js';
import { assertTotalsCurrent } from './billing-state.js';
import { addToTotals, isMysql, totalsOf } from './billing-totals.js';
import { Call } from './call.entity.js';
import type { CallRecord } from './call-record.rules.js';
import type { Pending } from './request-batcher.js';
import { IdempotencyConflictError } from './idempotency-conflict.error.js';

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
  constructor(
    private readonly dataSource: DataSource,
    private readonly blockMs: number,
    /** Told, after each commit, how many calls the transaction stored. */
    private readonly onStored: (count: number) => void = () => undefined,
  ) {}

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
        return await withTransientRetry(() =>
          this.dataSource.transaction((manager) =>
            this.writeWithin(manager, group),
          ),
        );
      } catch (error) {
        if (attempt >= ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  private async writeWithin(
    manager: EntityManager,
    group: readonly PendingCall[],
  ): Promise<Outcome[]> {
    await assertTotalsCurrent(manager, this.blockMs, { forWrite: true });
    const recorded = await recordedCalls(manager, group);
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
    await insertCalls(manager, toInsert);
    await addToTotals(manager, totalsOf(toInsert, this.blockMs));
    return resolvers.map((outcome) => outcome());
  }
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

/** The calls already stored under the group's keys, by {@link keyOf}. */
async function recordedCalls(
  manager: EntityManager,
  group: readonly PendingCall[],
): Promise<Map<string, Call>> {
  const where = group.flatMap(({ input }) =>
    input.idempotencyKey === undefined
      ? []
      : [{ userName: input.userName, idempotencyKey: input.idempotencyKey }],
  );
  if (where.length === 0) return new Map();
  const calls = await manager.getRepository(Call).find({ where });
  return new Map(
    calls.map(
      (call) =>
        [keyOf(call.userName, call.idempotencyKey ?? ''), call] as const,
    ),
  );
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
  >(
    calls.map(() => INSERT_CALL).join(';\n'),
    calls.flatMap((call) => [
      call.userName,
      call.callDuration,
      call.idempotencyKey,
      call.createdAt,
      call.updatedAt,
    ]),
  );
  const headers = Array.isArray(results) ? results : [results];
  calls.forEach((call, index) => {
    call.id = String(headers[index]?.insertId);
  });
}
