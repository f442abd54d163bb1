// The rating phase (issue 12), on this build keyed with an admin key (ADMIN_API_KEYS):
//   a. PUT calls/s with every call's destination drawn at random from a 100,000-prefix deck,
//      uploaded as the default plan's next version, against the build before rating (its own
//      worktree, database and migrations) and the raw server, in alternating rounds;
//   b. bills/s of a user with 1,000,000 calls over 12 months and 50 rates (in force since before
//      them: a backdated version uploaded first) against a 10-call user's;
//   c. a 1,000,000-prefix deck's upload: seconds and the service's own memory.
import { randomBytes } from 'node:crypto';
import { beforeBuild } from '../before.js';
import { databaseName, freshDatabase } from '../database.js';
import { deckCsv, destinations, prefixes } from '../deck.js';
import type { Phase } from '../phase.js';
import { startServer, stopServer } from '../servers.js';
import { keyedEnv, serviceStart } from '../service.js';
import { log, num } from '../text.js';
import { type BillFigures, measureBills, monthStart } from './rating-bills.js';
import { type DeckFigures, measureDeck } from './rating-deck.js';
import { type PutFigures, measurePuts } from './rating-put.js';
import { ratingReport } from './rating-report.js';
import { uploadBackdated, uploadNextVersion } from './rating-versions.js';

export interface RatingFigures {
  rating?: {
    before: { commit: string; dir: string };
    deckPrefixes: number;
    deckUploadSeconds: number;
    put: PutFigures;
    bills: BillFigures;
    deck: DeckFigures;
  };
}

/** The 50 rates of the large user's calls: 3-digit prefixes, none a prefix of another. */
export function billRates(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(100 + i * 17));
}

export const ratingPhase: Phase<RatingFigures> = {
  name: 'rating',

  async measure(options) {
    const { settings } = options;
    const before = await beforeBuild(options.before);
    const key = `bench-${randomBytes(16).toString('hex')}`;
    const database = databaseName('rating');
    await freshDatabase(database);
    const command = serviceStart();
    log(`rating: ${command.line}, ADMIN_API_KEYS set`);
    const start = (name: string) =>
      startServer(name, command.argv, {
        ...keyedEnv(
          database,
          { ADMIN_API_KEYS: key },
          // The large user's months have ended: they stay open, as bills of open periods.
          { BILLING_AUTO_CLOSE: 'false' },
        ),
        ...command.env,
      });
    const server = await start('service-rating');
    let put: PutFigures;
    let bills: BillFigures;
    let deckUploadSeconds: number;
    try {
      const rates = billRates(settings.billRates);
      await uploadBackdated(
        server.url,
        key,
        deckCsv(rates, 4),
        monthStart(new Date(), 12),
      );
      const deck = prefixes(settings.deckPrefixes, 5);
      log(
        `  uploading the ${num(deck.length)}-prefix deck as the next version`,
      );
      const next = await uploadNextVersion(
        server.url,
        key,
        deckCsv(deck, 6),
        15_000,
      );
      deckUploadSeconds = next.seconds;
      log(
        `    ${next.seconds.toFixed(1)} s; in force from ${next.from.toISOString()}`,
      );
      await next.inForce();
      put = await measurePuts(
        { start: () => start('service-rating-put'), database, key },
        before,
        {
          prefixes: new Set(deck),
          from: next.from,
          dialled: destinations(deck, 100_000, 7),
        },
        options,
      );
      bills = await measureBills(
        server,
        database,
        key,
        rates,
        new Date(next.from.getTime() - 1_000),
        options,
      );
    } finally {
      await stopServer(server);
    }
    const deck = await measureDeck(key, options);
    return {
      rating: {
        before,
        deckPrefixes: settings.deckPrefixes,
        deckUploadSeconds,
        put,
        bills,
        deck,
      },
    };
  },

  report: ratingReport,
};
