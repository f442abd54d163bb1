import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { CallBillingModule } from './call-billing/call-billing.module.js';
import {
  AppConfigModule,
  type AppConfigOptions,
} from './config/app-config.module.js';
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
    };
  }
}
