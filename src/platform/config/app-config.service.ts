import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type {
  AppConfig,
  AuthConfig,
  BillingConfig,
  DatabaseConfig,
  HttpConfig,
  InvoicingConfig,
  RateLimitConfig,
  TariffConfig,
} from './app-config.js';

/** Typed access to the configuration validated at boot by `validateEnv`. */
@Injectable()
export class AppConfigService {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  get port(): number {
    return this.config.get('port', { infer: true });
  }

  get http(): HttpConfig {
    return this.config.get('http', { infer: true });
  }

  get database(): DatabaseConfig {
    return this.config.get('database', { infer: true });
  }

  get tariff(): TariffConfig {
    return this.config.get('tariff', { infer: true });
  }

  get billing(): BillingConfig {
    return this.config.get('billing', { infer: true });
  }

  get auth(): AuthConfig {
    return this.config.get('auth', { infer: true });
  }

  get rateLimit(): RateLimitConfig {
    return this.config.get('rateLimit', { infer: true });
  }

  get invoicing(): InvoicingConfig {
    return this.config.get('invoicing', { infer: true });
  }
}
