import {
  ensureServiceBuilt,
  ServiceProcess,
} from '../support/service-process.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { freePortInRange } from './periods-api.js';

type Ended = Awaited<ReturnType<ServiceProcess['kill']>>;

export interface ServiceOnTestDatabase {
  /** An app on the suite's database, to seed and to look with; there from `beforeAll` on. */
  readonly testApp: TestApp;
  /** Starts the built service on the same database with `env` over its settings. */
  start(env: Readonly<Record<string, string>>): Promise<ServiceProcess>;
  /** Stops the service started last, if it still runs: how it ended. */
  stop(signal: NodeJS.Signals): Promise<Ended | undefined>;
}

/**
 * The built service (`dist/main.js`, built if need be) as a real process on the suite's own test
 * database, beside an app on the same database; both gone after the suite.
 */
export function useServiceOnTestDatabase(): ServiceOnTestDatabase {
  let testApp: TestApp | undefined;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    ensureServiceBuilt();
    testApp = await createTestApp();
  }, 120_000);
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await testApp?.close();
  });
  return {
    get testApp(): TestApp {
      if (testApp === undefined) throw new Error('use it inside a test');
      return testApp;
    },
    async start(env) {
      // A minute to be ready: the suites share the machine with other test runs.
      service = await ServiceProcess.start(
        await freePortInRange(),
        { ...this.testApp.database.env, RATE_LIMIT_PER_MINUTE: '0', ...env },
        60,
      );
      return service;
    },
    async stop(signal) {
      const ended = await service?.kill(signal);
      service = undefined;
      return ended;
    },
  };
}
