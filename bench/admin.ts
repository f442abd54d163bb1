// Requests to the service outside autocannon's loads: version uploads, batches of calls, closes,
// bills; each with the admin key when the service runs with one.
import { sleep } from './processes.js';

export interface Answer {
  status: number;
  body: string;
  seconds: number;
}

/** `Authorization: Bearer key`, or nothing without a key. */
export function bearer(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}

/** One request, timed from its start to the end of the answer's body. */
export async function ask(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const body = await response.text();
  return {
    status: response.status,
    body,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** An instant as the API's paths take it: ISO 8601 UTC with milliseconds. */
export function instant(at: Date): string {
  return at.toISOString();
}

/** Throws with what the service said unless it answered one of `expected`. */
export function expectStatus(
  what: string,
  answer: Answer,
  expected: number[],
): Answer {
  if (!expected.includes(answer.status)) {
    throw new Error(`${what}: ${answer.status} ${answer.body.slice(0, 600)}`);
  }
  return answer;
}

/**
 * Uploads a version of `plan` effective from `from`, as CSV: `PUT
 * /admin/plans/{plan}/versions/{from}` (`?backdate=true` for one in the past).
 */
export function uploadVersion(
  url: string,
  key: string | undefined,
  plan: string,
  from: Date,
  csv: Buffer,
  query = '',
): Promise<Answer> {
  return ask(
    `${url}/admin/plans/${plan}/versions/${encodeURIComponent(instant(from))}${query}`,
    {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', ...bearer(key) },
      body: csv,
      timeoutMs: 600_000,
    },
  );
}

export interface Posted {
  calls: number;
  seconds: number;
}

/**
 * Posts `batches` bodies of `POST /calls/batch`, made by `batch(i)`, `inFlight` at a time; throws
 * on the first answer that is not 200 or that left calls out.
 */
export async function postBatches(
  url: string,
  key: string | undefined,
  batches: number,
  batch: (index: number) => { body: string; calls: number },
  inFlight: number,
): Promise<Posted> {
  const started = process.hrtime.bigint();
  let next = 0;
  let calls = 0;
  const worker = async () => {
    for (let index = next++; index < batches; index = next++) {
      const { body, calls: sent } = batch(index);
      const answer = expectStatus(
        `POST /calls/batch #${index}`,
        await ask(`${url}/calls/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(key) },
          body,
          timeoutMs: 120_000,
        }),
        [200],
      );
      const { inserted } = JSON.parse(answer.body) as { inserted: number };
      if (inserted !== sent)
        throw new Error(
          `POST /calls/batch #${index}: ${inserted} of ${sent} inserted`,
        );
      calls += inserted;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { calls, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Waits until the clock passes `at` (and a little more: the service's clock may lag). */
export async function waitUntil(at: Date): Promise<void> {
  const wait = at.getTime() - Date.now() + 250;
  if (wait > 0) await sleep(wait);
}
