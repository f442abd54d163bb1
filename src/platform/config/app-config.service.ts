import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from './app-config.js';

/** Typed access to the configuration validated at boot by `validateEnv`. */
@Injectable()
export class AppConfigService {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  /** One section of the configuration: `get('billing').timeZone`. */
  get<K extends keyof AppConfig>(section: K): AppConfig[K] {
    return this.config.get(section, { infer: true });
  }
}
