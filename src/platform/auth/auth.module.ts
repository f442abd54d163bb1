import { Module } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service.js';
import { ApiKeys } from './api-keys.js';

/**
 * API keys (`API_KEYS`, and `ADMIN_API_KEYS` with the admin role), for the guard in front of every
 * API route and for the rate limit.
 */
@Module({
  providers: [
    {
      provide: ApiKeys,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) =>
        new ApiKeys(
          config.get('auth').apiKeys,
          config.get('auth').adminApiKeys,
        ),
    },
  ],
  exports: [ApiKeys],
})
export class AuthModule {}
