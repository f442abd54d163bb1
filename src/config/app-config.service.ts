import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig, DatabaseConfig, TariffConfig } from './app-config.js';

/** Typed access to the configuration validated at boot by `validateEnv`. */
@Injectable()
export class AppConfigService {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  get port(): number {
    return this.config.get('port', { infer: true });
  }

  get database(): DatabaseConfig {
    return this.config.get('database', { infer: true });
  }

  get tariff(): TariffConfig {
    return this.config.get('tariff', { infer: true });
  }
}
