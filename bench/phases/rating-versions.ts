// The versions the rating phase uploads: PUT /admin/plans/default/versions/{effective_from} with
// a CSV deck, either the next version (effective a little after the upload, since a version in
// force never changes: 409) or, on a database without calls, one in the past (?backdate=true).
import {
  type Answer,
  expectStatus,
  uploadVersion,
  waitUntil,
} from '../admin.js';
import { log } from '../text.js';

export interface Uploaded {
  status: number;
  seconds: number;
  rateCount: number;
  from: Date;
  /** Resolves once the version is in force. */
  inForce: () => Promise<void>;
}

function uploaded(answer: Answer, from: Date): Uploaded {
  const summary = JSON.parse(answer.body) as { rate_count?: number };
  return {
    status: answer.status,
    seconds: answer.seconds,
    rateCount: summary.rate_count ?? 0,
    from,
    inForce: () => waitUntil(from),
  };
}

/**
 * Uploads `csv` as the default plan's next version, effective `leadMs` after the upload starts;
 * should the upload outlast the lead (a 409: the version would be in force already), again with
 * twice the lead, up to three times.
 */
export async function uploadNextVersion(
  url: string,
  key: string,
  csv: Buffer,
  leadMs: number,
): Promise<Uploaded> {
  for (let attempt = 1, lead = leadMs; ; attempt++, lead *= 2) {
    // Whole seconds: a version's instant as an operator would write it.
    const from = new Date(Math.ceil((Date.now() + lead) / 1000) * 1000);
    const answer = await uploadVersion(url, key, 'default', from, csv);
    if (answer.status === 409 && attempt < 3) {
      log(
        `    409 after ${answer.seconds.toFixed(1)} s: again with a lead of ${(lead * 2) / 1000} s`,
      );
      continue;
    }
    return uploaded(
      expectStatus(
        `PUT the default plan's version of ${from.toISOString()}`,
        answer,
        [200, 201],
      ),
      from,
    );
  }
}

/** Uploads `csv` as a default plan's version in force since `from` (in the past). */
export async function uploadBackdated(
  url: string,
  key: string,
  csv: Buffer,
  from: Date,
): Promise<Uploaded> {
  const answer = await uploadVersion(
    url,
    key,
    'default',
    from,
    csv,
    '?backdate=true',
  );
  return uploaded(
    expectStatus(
      `PUT the default plan's version of ${from.toISOString()} (backdated)`,
      answer,
      [200, 201],
    ),
    from,
  );
}
