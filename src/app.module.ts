import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { CallBillingModule } from './call-billing/call-billing.module.js';
import {
  AppConfigModule,
  type AppConfigOptions,
} from './config/app-config.module.js';
import { DatabaseAvailabilityGuard } from './database/database-availability.guard.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';

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
