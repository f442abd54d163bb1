import { Module } from '@nestjs/common';
import { TariffCatalogRepository } from './persistence/tariff-catalog.repository.js';
import { TariffCatalog } from './services/tariff-catalog.service.js';

/**
 * Rating (SPEC §7): plans, dated versions and rates by prefix, kept in memory by the
 * {@link TariffCatalog} so that rating a call costs no query.
 */
@Module({
  providers: [TariffCatalogRepository, TariffCatalog],
  exports: [TariffCatalog],
})
export class RatingModule {}
