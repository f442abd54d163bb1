import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfigService } from './app-config.service.js';
import { validateEnv } from './validate-env.js';

export interface AppConfigOptions {
  /** Variables laid over the process environment and `.env` (tests use this). */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
}

@Global()
@Module({})
export class AppConfigModule {
  static forRoot({ overrides = {} }: AppConfigOptions = {}): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          cache: true,
          validate: (env) => ({ ...validateEnv({ ...env, ...overrides }) }),
        }),
      ],
      providers: [AppConfigService],
      exports: [AppConfigService],
    };
  }
}
