import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';

@Module({
  // A failed check is answered with 503; logging it too would repeat one line per probe for as
  // long as the database is away. The database's own reconnection logs say what is going on.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
})
export class HealthModule {}
