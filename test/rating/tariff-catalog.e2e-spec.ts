/**
 * The in-memory tariff catalog over the real repository and database: a catalog of its own beside
 * the app's, as another process has, loading what the admin API stored. Its page reads are
 * counted, to tell a version read back from one it kept.
 */
import { jest } from '@jest/globals';
import { AppConfigService } from '../../src/platform/config/app-config.service.js';
import { Database } from '../../src/platform/database/database.js';
import { formatMicros } from '../../src/rating/domain/decimal.js';
import { defaultTerms } from '../../src/rating/domain/rate-arithmetic.js';
import type { RatedVersion } from '../../src/rating/domain/rate-table.js';
import { TariffCatalogRepository } from '../../src/rating/persistence/tariff-catalog.repository.js';
import { TariffCatalog } from '../../src/rating/services/tariff-catalog.service.js';
import { tableOf } from '../support/spec/rate-tables.js';
import { FUTURE } from '../support/dates.js';
import { useRatingApp } from './support.js';

const { t, admin } = useRatingApp();

/** An instant after {@link FUTURE}, when the versions stored here are in force. */
const AT = new Date(Date.parse(FUTURE) + 86_400_000);

/** Prefix "" at the first price, then "1", "2", ... at the next ones. */
const prefixOf = (i: number): string => (i === 0 ? '' : String(i));

function deckCsv(prices: readonly bigint[]): string {
  const lines = prices.map(
    (price, i) => `${prefixOf(i)},${formatMicros(price, 6)}`,
  );
  return `prefix,price\n${lines.join('\n')}\n`;
}

/** `plan`'s version from {@link FUTURE} as the catalog keeps it, with `prices` as in the CSV. */
function versionOf(plan: string, prices: readonly bigint[]): RatedVersion {
  return {
    plan,
    effectiveFrom: new Date(FUTURE),
    amountDecimals: 6,
    rounding: 'half_up',
    rates: tableOf(
      prices.map((price, i) => ({
        ...defaultTerms(60, price),
        prefix: prefixOf(i),
      })),
    ),
  };
}

/** Stores `plan`'s version from {@link FUTURE} through the admin API. */
async function store(plan: string, prices: readonly bigint[]): Promise<void> {
  await admin.defineVersion(plan, FUTURE, deckCsv(prices), {
    amount_decimals: 6,
  });
}

/** A catalog beside the app's, loaded, and how many pages of a plan's rates it has read. */
async function loadedCatalog() {
  const repository = new TariffCatalogRepository();
  const pageReads = jest.spyOn(repository, 'ratesInto');
  const database = t.app.get(Database);
  const catalog = new TariffCatalog(
    database,
    repository,
    t.app.get(AppConfigService),
  );
  await catalog.refresh();
  return {
    catalog,
    pagesRead: (plan: string) =>
      pageReads.mock.calls.filter(([, version]) => version.plan === plan)
        .length,
    storedRevision: async () => (await database.read(repository.revision()))[0],
  };
}

describe('TariffCatalog', () => {
  it('loads a version page by page and rates with it', async () => {
    await store(
      'gold',
      Array.from({ length: 4_500 }, (_, i) => 10_000n + BigInt(i)),
    );

    const { catalog, pagesRead } = await loadedCatalog();

    expect(pagesRead('gold')).toBe(3);
    expect(catalog.rateOfPlan('gold', AT, '4321999').priceMicros).toBe(14_321n);
    expect(catalog.rateOfPlan('gold', AT, '').priceMicros).toBe(10_000n);
    expect(catalog.rateOfPlan('gold', AT, '4499').priceMicros).toBe(14_499n);
  });

  it('keeps the table of a version this process stored, rather than reading it back', async () => {
    const { catalog, pagesRead, storedRevision } = await loadedCatalog();
    await store('gold', [20_000n, 30_000n]);

    catalog.adopt({
      revision: await storedRevision(),
      version: versionOf('gold', [20_000n, 30_000n]),
    });
    await catalog.refresh();

    expect(pagesRead('gold')).toBe(0);
    expect(catalog.rateOfPlan('gold', AT, '19').priceMicros).toBe(30_000n);
    expect(catalog.revision).toBe(await storedRevision());
  });

  it('reads a version stored again since, whatever this process kept', async () => {
    const { catalog, pagesRead, storedRevision } = await loadedCatalog();
    await store('gold', [20_000n]);
    catalog.adopt({
      revision: await storedRevision(),
      version: versionOf('gold', [20_000n]),
    });

    // Another process replaces the version before this one reloads.
    await store('gold', [40_000n]);
    await catalog.refresh();

    expect(pagesRead('gold')).toBe(1);
    expect(catalog.rateOfPlan('gold', AT, '1').priceMicros).toBe(40_000n);
  });

  it('keeps what it was given for the next load when a load read an earlier revision', async () => {
    const { catalog, pagesRead, storedRevision } = await loadedCatalog();
    // Taken before its change commits, as when a load runs between the two.
    catalog.adopt({
      revision: (await storedRevision()) + 1n,
      version: versionOf('gold', [20_000n]),
    });
    await catalog.refresh();

    await store('gold', [20_000n]);
    await catalog.refresh();

    expect(pagesRead('gold')).toBe(0);
    expect(catalog.rateOfPlan('gold', AT, '').priceMicros).toBe(20_000n);
  });
});
