import { Module } from '@nestjs/common';
import { AppConfigService } from '../platform/config/app-config.service.js';
import { BillingCalendar } from './domain/billing-calendar.js';
import { TariffCatalogRepository } from './persistence/tariff-catalog.repository.js';
import { TariffCatalog } from './services/tariff-catalog.service.js';

/**
 * Rating (SPEC §7): plans, dated versions and rates by prefix, kept in memory by the
 * {@link TariffCatalog} so that rating a call costs no query; and the one
 * {@link BillingCalendar}, in the configured zone, that tells every call's billing period.
 */
@Module({
  providers: [
    TariffCatalogRepository,
    TariffCatalog,
    {
      provide: BillingCalendar,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) =>
        new BillingCalendar(config.get('billing').timeZone),
    },
  ],
  exports: [TariffCatalog, BillingCalendar],
})
export class RatingModule {}
