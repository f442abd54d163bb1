import type { AppConfigService } from '../../platform/config/app-config.service.js';
import { Database, type Dialect } from '../../platform/database/database.js';
import type {
  ResultsOf,
  Row,
  Statement,
} from '../../platform/database/statement.js';
import { tableOf } from '../../../test/support/spec/rate-tables.js';
import { defaultTerms } from '../domain/rate-arithmetic.js';
import { TariffCatalogRepository } from '../persistence/tariff-catalog.repository.js';
import { TariffCatalog } from './tariff-catalog.service.js';

const FROM = new Date('2026-12-01T00:00:00.000Z');

interface StoredDeck {
  revision: number;
  /** Rows of `tariff_rates`, by prefix. */
  rates: Row[];
}

/** The tariff tables in memory, answering the catalog repository's statements. */
class Tables extends Database {
  readonly dialect: Dialect = 'mysql';
  revision = 1;
  readonly decks = new Map<string, StoredDeck>();
  /** How many pages of rates were read, per plan. */
  readonly pagesRead = new Map<string, number>();

  constructor() {
    super(1000);
  }

  store(plan: string, revision: number, prices: readonly number[]): void {
    this.revision = revision;
    this.decks.set(plan, {
      revision,
      rates: prices
        .map((price, i) => ({
          prefix: i === 0 ? '' : String(i),
          first_block_seconds: 60,
          increment_seconds: 60,
          price_micros: String(price),
          price_unit_seconds: 60,
          connect_fee_micros: '0',
          no_charge_seconds: 0,
        }))
        .sort((a, b) => (a.prefix < b.prefix ? -1 : 1)),
    });
  }

  read<const S extends readonly Statement<unknown>[]>(
    ...statements: S
  ): Promise<ResultsOf<S>> {
    return Promise.resolve(
      statements.map((statement) =>
        statement.decode({
          rows: this.rows(statement),
          affected: 0,
          insertId: undefined,
        }),
      ) as ResultsOf<S>,
    );
  }

  protected attempt<T>(): Promise<T> {
    return Promise.reject(new Error('not used'));
  }

  private rows({ sql, parameters }: Statement<unknown>): Row[] {
    if (sql.includes('FROM ledger_state'))
      return [{ tariff_revision: String(this.revision) }];
    if (sql.includes('FROM plan_assignments')) return [];
    if (sql.includes('FROM tariff_versions')) {
      return [...this.decks].map(([plan, deck]) => ({
        plan,
        effective_from: FROM,
        amount_decimals: 2,
        rounding: 'half_up',
        rate_count: deck.rates.length,
        revision: String(deck.revision),
      }));
    }
    const [plan, , ...rest] = parameters as [string, Date, ...unknown[]];
    const limit = rest.at(-1) as number;
    const after = rest.length === 2 ? (rest[0] as string) : undefined;
    this.pagesRead.set(plan, (this.pagesRead.get(plan) ?? 0) + 1);
    return (this.decks.get(plan)?.rates ?? [])
      .filter((rate) => after === undefined || (rate.prefix as string) > after)
      .slice(0, limit);
  }
}

function catalogOver(tables: Tables): TariffCatalog {
  const config = {
    get: () => ({ blockSeconds: 60, pricePerBlock: '0.01' }),
  } as unknown as AppConfigService;
  return new TariffCatalog(tables, new TariffCatalogRepository(), config);
}

const version = (plan: string, prices: readonly bigint[]) => ({
  plan,
  effectiveFrom: FROM,
  amountDecimals: 2,
  rounding: 'half_up' as const,
  rates: tableOf(
    prices.map((price, i) => ({
      ...defaultTerms(60, price),
      prefix: i === 0 ? '' : String(i),
    })),
  ),
});

const AT = new Date('2026-12-02T00:00:00.000Z');

describe('TariffCatalog', () => {
  it('loads a version page by page and rates with it', async () => {
    const tables = new Tables();
    const prices = Array.from({ length: 4_500 }, (_, i) => 10_000 + i);
    tables.store('default', 1, prices);
    const catalog = catalogOver(tables);

    await catalog.refresh();

    expect(tables.pagesRead.get('default')).toBe(3);
    expect(catalog.rate('alice', AT, '4321999').priceMicros).toBe(14_321n);
    expect(catalog.rate('alice', AT, '').priceMicros).toBe(10_000n);
  });

  it('keeps the table of a version this process stored, rather than reading it back', async () => {
    const tables = new Tables();
    tables.store('default', 1, [10_000]);
    const catalog = catalogOver(tables);
    await catalog.refresh();

    tables.store('gold', 2, [20_000, 30_000]);
    catalog.adopt({
      revision: 2n,
      version: version('gold', [20_000n, 30_000n]),
    });
    await catalog.refresh();

    expect(tables.pagesRead.get('gold')).toBeUndefined();
    expect(catalog.rateOfPlan('gold', AT, '19').priceMicros).toBe(30_000n);
    expect(catalog.revision).toBe(2n);
  });

  it('reads a version stored again since, whatever this process kept', async () => {
    const tables = new Tables();
    tables.store('default', 1, [10_000]);
    const catalog = catalogOver(tables);
    await catalog.refresh();

    catalog.adopt({ revision: 2n, version: version('gold', [20_000n]) });
    // Another process replaced the version before this one reloaded.
    tables.store('gold', 3, [40_000]);
    await catalog.refresh();

    expect(tables.pagesRead.get('gold')).toBe(1);
    expect(catalog.rateOfPlan('gold', AT, '1').priceMicros).toBe(40_000n);
  });

  it('keeps what it was given for the next load when a load read an earlier revision', async () => {
    const tables = new Tables();
    tables.store('default', 1, [10_000]);
    const catalog = catalogOver(tables);
    await catalog.refresh();

    catalog.adopt({ revision: 2n, version: version('gold', [20_000n]) });
    await catalog.refresh();
    tables.store('gold', 2, [20_000]);
    await catalog.refresh();

    expect(tables.pagesRead.get('gold')).toBeUndefined();
    expect(catalog.rateOfPlan('gold', AT, '').priceMicros).toBe(20_000n);
  });
});
