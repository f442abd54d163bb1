// --profile=DIR --only=rating: the rating phase's loads under `node --cpu-prof`, to tell where a
// miss comes from. The build before rating under its PUT load; then this build with the deck in
// force under its PUT load (each call dialling a prefix of the deck), and under the bills of the
// 10-call user and of the large user (seeded as the phase seeds them).
import { randomBytes } from 'node:crypto';
import { bearer } from './admin.js';
import { beforeBuild } from './before.js';
import { databaseName, freshDatabase } from './database.js';
import { deckCsv, destinations, prefixes } from './deck.js';
import { billRequests, putRequests } from './load.js';
import type { Options } from './options.js';
import { profiled } from './profiled.js';
import { keyedEnv, serviceStart } from './service.js';
import { log } from './text.js';
import {
  BILL_LARGE_USER,
  BILL_SMALL_USER,
  seedBills,
  monthStart,
} from './phases/rating-bills.js';
import { billRates } from './phases/rating.js';
import {
  uploadBackdated,
  uploadNextVersion,
} from './phases/rating-versions.js';

export async function profileRating(
  dir: string,
  options: Options,
): Promise<void> {
  const { settings } = options;
  const key = `bench-${randomBytes(16).toString('hex')}`;
  const before = await beforeBuild(options.before);
  const beforeDb = databaseName('profile_before');
  await freshDatabase(beforeDb, 'service', before.dir);
  const beforeCommand = serviceStart(before.dir);
  await profiled(
    {
      name: 'before',
      argv: beforeCommand.argv,
      env: { ...keyedEnv(beforeDb, { API_KEYS: key }), ...beforeCommand.env },
      cwd: before.dir,
      loads: [
        {
          label: 'before-put',
          requests: putRequests(settings.users, { headers: bearer(key) }),
          seconds: settings.putSeconds,
        },
      ],
    },
    dir,
    settings,
    options.profileKind,
  );
  const database = databaseName('profile_rating');
  await freshDatabase(database);
  const command = serviceStart();
  const deck = prefixes(settings.deckPrefixes, 5);
  const rates = billRates(settings.billRates);
  await profiled(
    {
      name: 'rating',
      argv: command.argv,
      env: {
        ...keyedEnv(
          database,
          { ADMIN_API_KEYS: key },
          { BILLING_AUTO_CLOSE: 'false' },
        ),
        ...command.env,
      },
      prepare: async (server) => {
        await uploadBackdated(
          server.url,
          key,
          deckCsv(rates, 4),
          monthStart(new Date(), 12),
        );
        const next = await uploadNextVersion(
          server.url,
          key,
          deckCsv(deck, 6),
          15_000,
        );
        await next.inForce();
        await seedBills(
          server,
          key,
          rates,
          new Date(next.from.getTime() - 1_000),
          settings,
        );
      },
      loads: [
        {
          label: 'rating-put',
          requests: putRequests(settings.users, {
            destinations: destinations(deck, 100_000, 7),
            headers: bearer(key),
          }),
          seconds: settings.putSeconds,
        },
        {
          label: 'rating-get-small',
          requests: billRequests(BILL_SMALL_USER, bearer(key)),
          seconds: settings.getSeconds,
        },
        {
          label: 'rating-get-large',
          requests: billRequests(BILL_LARGE_USER, bearer(key)),
          seconds: settings.getSeconds,
        },
      ],
    },
    dir,
    settings,
    options.profileKind,
  );
  log(`\nprofiles and summaries in ${dir}`);
}
