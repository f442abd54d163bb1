import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  keysetPage,
  type KeysetPage,
} from '../../platform/database/keyset-page.js';
import type { Rate } from '../domain/rate-table.js';
import {
  encodePlanCursor,
  encodePrefixCursor,
} from '../domain/tariff-cursors.js';
import type { StoredVersion } from '../persistence/tariff-catalog.repository.js';
import { TariffsRepository } from '../persistence/tariffs.repository.js';
import { noSuchVersion } from './tariff-versions.service.js';

export interface PlanWithVersions {
  readonly plan: string;
  readonly versions: readonly StoredVersion[];
}

export interface VersionWithRates {
  readonly version: StoredVersion;
  readonly rates: KeysetPage<Rate>;
}

/** The admin API's reads of plans, versions and rates: keyset pages, one round trip each. */
@Injectable()
export class TariffQueriesService {
  constructor(
    private readonly database: Database,
    private readonly tariffs: TariffsRepository,
  ) {}

  /** A page of plans by name, each with all its versions. */
  async plans(
    after: string | undefined,
    limit: number,
  ): Promise<KeysetPage<PlanWithVersions>> {
    const [names] = await this.database.read(
      this.tariffs.plans(after, limit + 1),
    );
    const page = keysetPage(names, limit, encodePlanCursor);
    const [versions] =
      page.items.length === 0
        ? [[]]
        : await this.database.read(this.tariffs.versionsOf(page.items));
    return {
      items: page.items.map((plan) => ({
        plan,
        versions: versions.filter((version) => version.plan === plan),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** A version and a page of its rates by prefix; 404 when there is no such version. */
  async version(
    plan: string,
    effectiveFrom: Date,
    page: { after?: string; startsWith?: string; limit: number },
  ): Promise<VersionWithRates> {
    const [version, rates] = await this.database.read(
      this.tariffs.version(plan, effectiveFrom),
      this.tariffs.rates(plan, effectiveFrom, {
        ...page,
        limit: page.limit + 1,
      }),
    );
    if (version === undefined) throw noSuchVersion(plan, effectiveFrom);
    return {
      version,
      rates: keysetPage(rates, page.limit, ({ prefix }) =>
        encodePrefixCursor(prefix),
      ),
    };
  }
}
