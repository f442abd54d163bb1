import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfigService } from '../config/app-config.service.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeys } from './api-keys.js';

/** API keys (`API_KEYS`): the guard in front of every API route, and the keys for the rate limit. */
@Module({
  providers: [
    {
      provide: ApiKeys,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) =>
        new ApiKeys(config.auth.apiKeys),
    },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeys],
})
export class AuthModule {}
