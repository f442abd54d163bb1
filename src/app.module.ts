import { Module, type DynamicModule } from '@nestjs/common';
import { CallBillingModule } from './call-billing/call-billing.module.js';
import {
  AppConfigModule,
  type AppConfigOptions,
} from './config/app-config.module.js';
import { DatabaseModule } from './database/database.module.js';

@Module({})
export class AppModule {
  static forRoot(options: AppConfigOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options),
        DatabaseModule,
        CallBillingModule,
      ],
    };
  }
}
