import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { DatabaseConnector } from '../../platform/database/database-connector.js';
import { PeriodCloseService } from './period-close.service.js';

const TICK_MS = 60_000;

/**
 * Closes due periods by itself (SPEC §8), in every server process: at start and every minute,
 * unless `BILLING_AUTO_CLOSE=false`. The close lease makes one process do the work; the others
 * find it taken and wait for the next minute. The command-line tools do not start it.
 */
@Injectable()
export class AutoCloseTicker implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AutoCloseTicker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly closer: PeriodCloseService,
    private readonly connector: DatabaseConnector,
    private readonly config: AppConfigService,
  ) {}

  start(): void {
    if (!this.config.get('invoicing').autoClose || this.timer !== undefined)
      return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    this.tick();
  }

  /**
   * Stops ticking, and stops any close of this process after its current step, before the
   * database pool closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.closer.stop();
    await this.running;
  }

  private tick(): void {
    // One tick at a time: a long close spans several minutes' ticks. A service that started
    // without its database (it connects in the background) has nothing to close yet.
    if (this.running !== undefined || !this.connector.isConnected) return;
    this.running = this.closer
      .closeDue()
      .then(
        (closed) => {
          if (closed.length > 0)
            this.logger.log(`Closed by itself: ${closed.join(', ')}`);
        },
        (error: unknown) => {
          this.logger.warn(
            `Closing due periods failed; trying again in a minute: ${(error as Error).message}`,
          );
        },
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
