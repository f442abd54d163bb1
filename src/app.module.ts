import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './platform/auth/api-key.guard.js';
import { AuthModule } from './platform/auth/auth.module.js';
import { CallBillingModule } from './call-billing/call-billing.module.js';
import { InvoicingModule } from './invoicing/invoicing.module.js';
import {
  AppConfigModule,
  type AppConfigOptions,
} from './platform/config/app-config.module.js';
import { DatabaseAvailabilityGuard } from './platform/database/database-availability.guard.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { MetricsModule } from './platform/metrics/metrics.module.js';
import { RatingApiModule } from './rating/rating-api.module.js';

@Module({})
export class AppModule {
  static forRoot(options: AppConfigOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options),
        DatabaseModule,
        AuthModule,
        CallBillingModule,
        RatingApiModule,
        InvoicingModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [
        // In this order: a request without a valid key gets its 401 even while the database is away.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: DatabaseAvailabilityGuard },
      ],
    };
  }
}
