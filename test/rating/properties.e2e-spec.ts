/**
 * The rating as a property (fast-check): for random versions, assignments and calls through
 * PUT, batch and CSV import (scenario.ts), every stored call is rated as the independent
 * oracle (oracle.ts) rates it, every bill (for all time and per period) adds up exactly the
 * itemised calls, the running totals pass the audit, and a backdated correction re-rates
 * exactly the calls the oracle says it changes, by exactly the delta it predicts.
 *
 * Reproduce a failure with its seed: `FC_SEED=<seed> npm test -- test/rating/properties`;
 * `FC_RUNS=<n>` runs more cases, `FC_SHRINK=1` shrinks a failing one (slow: each step runs
 * against the database).
 */
import fc from 'fast-check';
import { expectedBill } from './expected-bill.js';
import { DEFAULT_VERSION, versionOf } from '../support/oracle/tariff.js';
import { expectedRating, TariffModel } from './oracle.js';
import { micros } from '../support/oracle/decimal.js';
import {
  callInput,
  instantOf,
  scenario,
  USERS,
  versionCsv,
  type AssignmentStep,
  type CallStep,
  type Correction,
  type Scenario,
  type VersionStep,
  type When,
} from './scenario.js';
import {
  auditTotals,
  listAll,
  PATHS,
  recordCalls,
  useRatingApp,
} from './support.js';
import { expectStatus } from '../support/expectations.js';
import type { CallJson } from '../support/oracle/call-json.js';

const SEED = Number(process.env.FC_SEED ?? 20_261_201);
const RUNS = Number(process.env.FC_RUNS ?? 50);
/** Half-hour offset and summer time: month edges that a whole-hour zone never has. */
const ZONE = 'Australia/Adelaide';

const { t, admin, recorder } = useRatingApp(
  { BILLING_TIMEZONE: ZONE },
  { clearBeforeEach: false },
);

type Stored = Record<string, CallJson[]>;

describe(`rating properties (fast-check seed ${SEED})`, () => {
  it('rates every call as the oracle does, and every bill adds up its calls, through every path', async () => {
    await fc.assert(fc.asyncProperty(scenario, runScenario), {
      seed: SEED,
      numRuns: RUNS,
      endOnFailure: process.env.FC_SHRINK === undefined,
    });
  }, 600_000);
});

async function runScenario(steps: Scenario): Promise<void> {
  await t.clear();
  const base = Date.now() + 30_000;
  const model = new TariffModel(DEFAULT_VERSION);
  for (const step of steps.versions) {
    expectStatus(await putVersion(step, base, {}), 201);
    model.putVersion(
      versionOf(step.plan, instantOf(step.when, base), step.body),
    );
  }
  for (const step of steps.assignments) {
    expectStatus(await assign(step, base, {}), 200);
    model.assign(step.user, step.plan, instantOf(step.when, base));
  }
  for (const path of PATHS) {
    const calls = steps.calls.filter((call) => call.path === path);
    if (calls.length > 0) {
      await recordCalls(
        recorder,
        path,
        calls.map((call) => callInput(call, base)),
      );
    }
  }

  let stored = await everyCall();
  expectSent(steps.calls, stored, base);
  expectRated(model, stored);
  let tariffs = model;
  if (steps.correction !== undefined) {
    stored = await correct(model, steps.correction, stored);
    tariffs = corrected(model, steps.correction);
    expectRated(tariffs, stored);
  }
  await expectBills(tariffs, stored);
  await expect(auditTotals(t.app)).resolves.toEqual([]);
}

/** `backdate=true` for an instant in the past, as the service requires. */
const backdateIf = (when: When): Record<string, string> =>
  when.kind === 'past' ? { backdate: 'true' } : {};

function putVersion(
  step: VersionStep,
  base: number,
  query: Record<string, string>,
) {
  const backdate = backdateIf(step.when);
  const { amount_decimals, rounding } = step.body;
  return step.csv
    ? admin.putVersion(
        step.plan,
        instantOf(step.when, base),
        versionCsv(step.body),
        {
          ...backdate,
          ...query,
          ...(amount_decimals === undefined ? {} : { amount_decimals }),
          ...(rounding === undefined ? {} : { rounding }),
        },
      )
    : admin.putVersion(step.plan, instantOf(step.when, base), step.body, {
        ...backdate,
        ...query,
      });
}

function assign(
  step: AssignmentStep,
  base: number,
  query: Record<string, string>,
) {
  const backdate = backdateIf(step.when);
  return admin.assign(step.user, step.plan, instantOf(step.when, base), {
    ...backdate,
    ...query,
  });
}

async function everyCall(): Promise<Stored> {
  const stored: Stored = {};
  for (const user of USERS) stored[user] = await listAll(t, user);
  return stored;
}

/** Each user's calls are the ones sent: duration, start (or none: its recording instant), digits. */
function expectSent(
  calls: readonly CallStep[],
  stored: Stored,
  base: number,
): void {
  for (const user of USERS) {
    const sent = calls
      .filter((call) => call.user === user)
      .map((call) => {
        const { durationMs, startedAt, destination } = callInput(call, base);
        return `${durationMs} ${startedAt ?? 'now'} ${destination?.replace('+', '') ?? null}`;
      });
    const listed = stored[user].map(
      (call) =>
        `${call.call_duration} ${call.started_at === call.created_at ? 'now' : call.started_at} ${call.destination}`,
    );
    expect(listed.sort()).toEqual(sent.sort());
    for (const call of stored[user]) expect(call.late).toBe(false);
  }
}

function ratingOf(model: TariffModel, call: CallJson) {
  return expectedRating(
    model,
    {
      user: call.user_name,
      durationMs: call.call_duration,
      startedAt: Date.parse(call.started_at),
      destination: call.destination,
    },
    ZONE,
  );
}

function expectRated(model: TariffModel, stored: Stored): void {
  for (const call of Object.values(stored).flat()) {
    const expected = ratingOf(model, call);
    const { id, billing_period, block_count, billed_seconds, amount, rate } =
      call;
    expect({
      id,
      billing_period,
      block_count,
      billed_seconds,
      amount,
      rate,
    }).toEqual({
      id,
      billing_period: expected.billing_period,
      block_count: expected.block_count,
      billed_seconds: expected.billed_seconds,
      amount: expected.amount,
      rate: expected.rate,
    });
  }
}

/** `model` with `correction` made. */
function corrected(model: TariffModel, correction: Correction): TariffModel {
  const next = model.clone();
  if (correction.kind === 'version') {
    const { plan, when, body } = correction.version;
    next.putVersion(versionOf(plan, instantOf(when, 0), body));
  } else {
    const { user, plan, when } = correction.assignment;
    next.assign(user, plan, instantOf(when, 0));
  }
  return next;
}

/**
 * Makes `correction` (a dry run first, which must report what the oracle predicts and change
 * nothing, then for real, which must report the same); the calls as they are afterwards.
 */
async function correct(
  model: TariffModel,
  correction: Correction,
  before: Stored,
): Promise<Stored> {
  const next = corrected(model, correction);
  let reratedCalls = 0;
  let delta = 0n;
  for (const call of Object.values(before).flat()) {
    const [old, now] = [ratingOf(model, call), ratingOf(next, call)];
    if (JSON.stringify(figures(old)) !== JSON.stringify(figures(now))) {
      reratedCalls++;
      delta += now.amountMicros - old.amountMicros;
    }
  }
  for (const query of [{ dry_run: 'true' }, {}] as Record<string, string>[]) {
    const response =
      correction.kind === 'version'
        ? await putVersion(correction.version, 0, query)
        : await assign(correction.assignment, 0, query);
    expectStatus(response, 200, 201);
    const answer = response.json<{ rerated_calls: number; delta: string }>();
    expect([answer.rerated_calls, micros(answer.delta)]).toEqual([
      reratedCalls,
      delta,
    ]);
    if ('dry_run' in query) expect(await everyCall()).toEqual(before);
  }
  return everyCall();
}

/** What a re-rating compares: the rate, the decimals and the figures. */
const figures = (rating: ReturnType<typeof ratingOf>) => [
  rating.rate,
  rating.decimals,
  rating.block_count,
  rating.billed_seconds,
  String(rating.amountMicros),
];

/** Every bill, for all time and for each period (and one without calls), adds up its calls. */
async function expectBills(model: TariffModel, stored: Stored): Promise<void> {
  const fallback = model.choose('\u0000', Date.now(), null).amountDecimals;
  for (const user of USERS) {
    const calls = stored[user];
    const all = await t.getBill(user);
    expect(all.json()).toMatchObject(expectedBill(calls, fallback));
    const periods = new Set(calls.map((call) => call.billing_period));
    for (const period of [...periods, '2099-12']) {
      const inPeriod = calls.filter((call) => call.billing_period === period);
      const bill = await t.getBill(user, period);
      expect(bill.json()).toMatchObject({
        period,
        ...expectedBill(inPeriod, fallback),
      });
      const listed = await listAll(t, user, { period });
      expect(listed.map(({ id }) => id)).toEqual(inPeriod.map(({ id }) => id));
    }
  }
}
