import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BatchController } from './http/batch.controller.js';
import { BillingController } from './http/billing.controller.js';
import { BillingService } from './services/billing.service.js';
import { CallController } from './http/call.controller.js';
import { CallBatchService } from './services/call-batch.service.js';
import { CallQueryService } from './services/call-query.service.js';
import { Call } from './persistence/call.entity.js';
import { CallService } from './services/call.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Call])],
  controllers: [CallController, BillingController, BatchController],
  providers: [CallService, CallBatchService, CallQueryService, BillingService],
  exports: [CallBatchService],
})
export class CallBillingModule {}
