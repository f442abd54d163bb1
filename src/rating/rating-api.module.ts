import { Module } from '@nestjs/common';
import { CallBillingModule } from '../call-billing/call-billing.module.js';
import { PlansController } from './http/plans.controller.js';
import { RateController } from './http/rate.controller.js';
import { UserPlansController } from './http/user-plans.controller.js';
import { TariffsRepository } from './persistence/tariffs.repository.js';
import { PlanAssignmentsService } from './services/plan-assignments.service.js';
import { RateSets } from './services/rate-sets.js';
import { TariffChanges } from './services/tariff-changes.js';
import { TariffQueriesService } from './services/tariff-queries.service.js';
import { TariffVersionsService } from './services/tariff-versions.service.js';
import { RatingModule } from './rating.module.js';

/**
 * The rating's HTTP API (SPEC §7): the admin routes that change plans, versions and
 * assignments, and the rate lookup. Apart from {@link RatingModule}, which the call writers
 * import, because a backdated change needs their re-rating ({@link CallBillingModule}).
 */
@Module({
  imports: [RatingModule, CallBillingModule],
  controllers: [PlansController, UserPlansController, RateController],
  providers: [
    TariffsRepository,
    RateSets,
    TariffChanges,
    TariffVersionsService,
    PlanAssignmentsService,
    TariffQueriesService,
  ],
})
export class RatingApiModule {}
