// The closing phase's users: each with one call in the period to close (a month that has ended),
// recorded through POST /calls/batch as a client would send them (1,000 users a batch, each call
// with its started_at), so that the calls, their rating and the running totals are exactly what
// the service stores.
import { type Posted, postBatches } from '../admin.js';
import { userOf } from '../load.js';
import type { Server } from '../servers.js';
import { log, num } from '../text.js';
import { monthStart } from './rating-bills.js';

export const CLOSING_USERS = { prefix: 'c', digits: 7 };
const BATCH = 1000;
/** Batches in flight: each holds users of its own, so they wait for no one's totals rows. */
const IN_FLIGHT = 3;

/** The user of number n, as the PUT and bill loads name them too. */
export function closingUser(n: number, users: number): string {
  return userOf(n, users, CLOSING_USERS.prefix, CLOSING_USERS.digits);
}

/** YYYY-MM of the UTC month `back` months before `now`'s. */
export function periodOf(now: Date, back: number): string {
  return monthStart(now, back).toISOString().slice(0, 7);
}

/** One call for each of `users` users in the UTC month before `now`'s. */
export async function seedClosingUsers(
  server: Server,
  key: string,
  users: number,
  now: Date,
): Promise<Posted> {
  const from = monthStart(now, 1).getTime();
  const span = monthStart(now, 0).getTime() - from;
  log(
    `  seeding ${num(users)} users with a call in ${periodOf(now, 1)} (POST /calls/batch)`,
  );
  const posted = await postBatches(
    server.url,
    key,
    Math.ceil(users / BATCH),
    (index) => {
      const items: string[] = [];
      for (
        let n = index * BATCH;
        n < Math.min(users, (index + 1) * BATCH);
        n++
      ) {
        // Spread over the month, a different second for each user.
        const at = new Date(from + ((n * 7_919_000) % span));
        items.push(
          `{"user_name":"${closingUser(n, users)}","call_duration":${(n * 7919) % 3_600_001},` +
            `"started_at":"${at.toISOString()}"}`,
        );
      }
      return { body: `{"calls":[${items.join(',')}]}`, calls: items.length };
    },
    IN_FLIGHT,
  );
  log(
    `    ${num(posted.calls)} calls in ${posted.seconds.toFixed(1)} s (${num(posted.calls / posted.seconds)}/s)`,
  );
  return posted;
}
