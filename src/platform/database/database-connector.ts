import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { summary } from './error-summary.js';
import { reconnectDelay } from './reconnect-delay.js';

/**
 * Connects the app's DataSource without holding up the start: the first attempt is made while the
 * app starts; if the database is away the app starts anyway and tries again in the background,
 * with capped exponential backoff, one log line per attempt, until it connects. Until then
 * {@link isConnected} is false and the API answers 503 (see DatabaseAvailabilityGuard).
 *
 * Once connected the DataSource stays initialised: its pool opens new connections by itself when
 * the database comes back from an outage, and requests fail fast with 503 in between.
 */
@Injectable()
export class DatabaseConnector
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Database');
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private attempt: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  get isConnected(): boolean {
    return this.dataSource.isInitialized;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  /** Stops retrying and waits for an attempt under way, so the pool is closed after it settles. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.attempt;
  }

  private connect(): Promise<void> {
    this.attempt = this.tryToConnect();
    return this.attempt;
  }

  private async tryToConnect(): Promise<void> {
    if (this.stopped || this.dataSource.isInitialized) return;
    try {
      await this.dataSource.initialize();
      if (this.failures > 0) {
        this.logger.log(
          `Connected to the database at attempt ${this.failures + 1}`,
        );
      }
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const delay = reconnectDelay(this.failures);
      this.logger.warn(
        `Database unavailable (attempt ${this.failures}): ${summary(error)}; ` +
          `retrying in ${delay} ms`,
      );
      if (this.stopped) return;
      this.retry = setTimeout(() => void this.connect(), delay);
      // The retry alone never keeps the process alive: the server does, while it runs.
      this.retry.unref();
    }
  }
}
