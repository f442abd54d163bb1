/** One generated case: send it, and hold the service to the SPEC and the ledger. */
import type { BatchCase, PutCase, QueryCase, Seeded } from './cases.js';
import type { ListedCall } from '../support/oracle/call-json.js';
import { putRequest } from './generators/put.js';
import { batchRequest } from './generators/batch.js';
import { queryString } from './generators/queries.js';
import {
  describeExchange,
  is2xx,
  type Harness,
  type Request,
} from './harness.js';
import { digitsOf, recordedOf, sameCall, type Window } from './call-fields.js';
import { billJson, callJson } from './ledger.js';
import { utcMonthOf } from '../support/dates.js';
import {
  batchOutcome,
  batchVerdict,
  isOlder,
  putVerdict,
  queryVerdict,
  SPEC,
} from './oracle.js';

const ISO_UTC: unknown = expect.stringMatching(
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
);
const DIGITS: unknown = expect.stringMatching(/^[1-9]\d*$/);
const ANY_STRING: unknown = expect.any(String);

/** Sends a request and reads the clock around it: the service's clock stood in between. */
async function sendTimed(
  h: Harness,
  request: Request,
): Promise<{ response: Awaited<ReturnType<Harness['send']>>; window: Window }> {
  const from = Date.now();
  const response = await h.send(request);
  return { response, window: { from, to: Date.now() } };
}

const point = (ms: number): Window => ({ from: ms, to: ms });

/** Sends one PUT and holds the service to the SPEC and the ledger. */
export async function putStep(h: Harness, c: PutCase): Promise<void> {
  const request = putRequest(c);
  const { response, window } = await sendTimed(h, request);
  h.tally(request, response);
  const { verdict, call } = putVerdict(c, window);
  const context = describeExchange(request, response);
  const name = c.user.name;
  const prior =
    typeof name === 'string' && c.key !== undefined
      ? h.ledger.recorded(name, c.key)
      : undefined;
  const same =
    prior !== undefined && call !== undefined
      ? sameCall(prior, call)
      : undefined;

  if (!is2xx(response.statusCode)) {
    // The only refusal of a valid PUT: its key was recorded with another call.
    if (
      verdict === 'accept' &&
      (response.statusCode !== 409 || same === undefined || same === 'same')
    )
      throw new Error(`a valid PUT was refused:\n${context}`);
    await h.expectStored(`after a refused PUT\n${context}`);
    return;
  }

  if (verdict === 'reject' || typeof name !== 'string' || call === undefined)
    throw new Error(`an invalid PUT was accepted:\n${context}`);
  const body = JSON.parse(response.body) as Record<string, unknown>;

  if (prior !== undefined) {
    // A retry: the first response again, nothing stored.
    if (same === 'other')
      throw new Error(
        `a key reused for another call was accepted:\n${context}`,
      );
    expect(response.statusCode).toBe(200);
    expect(response.headers['idempotent-replayed']).toBe('true');
    if (prior.response === undefined) {
      expect(body).toMatchObject({
        user_name: name,
        call_duration: call.duration,
        destination: digitsOf(call.destination),
      });
      prior.response = body;
    } else {
      expect(body).toEqual(prior.response);
    }
    await h.expectStored(`after a replayed PUT\n${context}`);
    return;
  }

  expect(response.statusCode).toBe(201);
  expect(response.headers['idempotent-replayed']).toBeUndefined();
  expect(body).toMatchObject({ created_at: ISO_UTC, started_at: ISO_UTC });
  const createdAt = body.created_at as string;
  // Recorded by the service's clock while the request was in flight.
  expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(window.from);
  expect(Date.parse(createdAt)).toBeLessThanOrEqual(window.to);
  const startedAt =
    call.startedAt.kind === 'at'
      ? new Date(call.startedAt.ms).toISOString()
      : call.startedAt.kind === 'absent'
        ? createdAt
        : (body.started_at as string);
  expect(body).toEqual({
    ...callJson({
      id: String(body.id),
      user: name,
      duration: call.duration,
      createdAt,
      startedAt,
      digits: digitsOf(call.destination),
    }),
    id: DIGITS,
  });
  h.ledger.add(name, call.duration, utcMonthOf(startedAt));
  if (c.key !== undefined)
    h.ledger.remember(name, c.key, {
      ...recordedOf(
        call,
        point(Date.parse(createdAt)),
        point(Date.parse(startedAt)),
      ),
      response: body,
    });
  await h.expectStored(`after an accepted PUT\n${context}`);
  await h.expectBill(name);
  await h.expectBill(name, utcMonthOf(startedAt));

  if (c.key !== undefined) {
    // The same request again is a replay: 200, the first response, and the bill does not move.
    const again = await h.send(request);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(again.body)).toEqual(body);
    await h.expectStored(`after replaying an accepted PUT\n${context}`);
  }
}

export async function batchStep(h: Harness, c: BatchCase): Promise<void> {
  const request = batchRequest(c);
  const { response, window } = await sendTimed(h, request);
  h.tally(request, response);
  const context = describeExchange(request, response);
  const { verdict, items } = batchVerdict(c, window);
  const outcome =
    verdict === 'reject' ? undefined : batchOutcome(h.ledger, items, window);

  if (!is2xx(response.statusCode)) {
    if (
      verdict === 'accept' &&
      (outcome?.conflict === 'no' || response.statusCode !== 409)
    )
      throw new Error(`a valid batch was refused:\n${context}`);
    await h.expectStored(`after a refused batch\n${context}`);
    return;
  }
  if (outcome === undefined)
    throw new Error(`an invalid batch was accepted:\n${context}`);
  if (outcome.conflict === 'yes')
    throw new Error(`a conflicting batch was accepted:\n${context}`);

  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body)).toEqual({
    inserted: outcome.inserted.length,
    duplicates: outcome.duplicates,
  });
  for (const { user, key, call } of outcome.inserted) {
    const { startedAt } = call;
    // Without started_at, a call starts when it is recorded: during the request.
    const month = utcMonthOf(
      startedAt.kind === 'at' ? startedAt.ms : window.to,
    );
    h.ledger.add(user, call.duration, month);
    if (key !== undefined)
      h.ledger.remember(user, key, recordedOf(call, window));
  }
  // A start the SPEC leaves open was accepted: the test cannot say in which month it is billed.
  if (outcome.inserted.some(({ call }) => call.startedAt.kind === 'unknown'))
    await h.resync();
  await h.expectStored(`after an accepted batch\n${context}`);
  for (const user of new Set(items.map((item) => item.user)))
    await h.expectBill(user);
}

export async function queryStep(
  h: Harness,
  seeded: Seeded,
  c: QueryCase,
): Promise<void> {
  const query = queryString(c.params);
  const request: Request = {
    method: 'GET',
    url: `/mobile/${c.user.segment}/${c.route}${query === '' ? '' : `?${query}`}`,
    headers: c.headers,
  };
  const response = await h.send(request);
  h.tally(request, response);
  const context = describeExchange(request, response);
  const { verdict, named } = queryVerdict(c);

  if (verdict === 'accept' && response.statusCode !== 200)
    throw new Error(`a valid query was refused:\n${context}`);
  if (verdict === 'reject' && is2xx(response.statusCode))
    throw new Error(`an invalid query was accepted:\n${context}`);
  await h.expectStored(`after a GET\n${context}`);
  if (!is2xx(response.statusCode)) return;

  const name = c.user.name;
  if (typeof name !== 'string')
    throw new Error(`an unreadable user name was accepted:\n${context}`);
  const period = named.get('period')?.value;
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (c.route === 'billing') {
    expect(body).toEqual(
      billJson(name, period ?? null, h.ledger.bill(name, period)),
    );
    return;
  }

  // The listing: exactly the seeded calls of that user, in that month, older than the cursor.
  const cursor = named.get('cursor');
  if (cursor !== undefined && cursor.position === undefined) {
    // A cursor the test cannot read: only the shape and the order are known.
    const data = body.data as ListedCall[];
    expect(data.every((call) => call.user_name === name)).toBe(true);
    return;
  }
  const limit = Number(named.get('limit')?.value ?? SPEC.defaultLimit);
  const after = cursor?.position;
  const matching = (seeded.get(name) ?? []).filter(
    (call) =>
      (period === undefined || call.billing_period === period) &&
      (after === undefined || isOlder(call, after)),
  );
  const page = matching.slice(0, limit);
  const more = matching.length > limit;
  try {
    expect(body).toEqual({
      data: page,
      next_cursor: more ? ANY_STRING : null,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${context}`);
  }
}
