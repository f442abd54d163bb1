import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BatchController } from './batch.controller.js';
import { BillingController } from './billing.controller.js';
import { BillingService } from './billing.service.js';
import { CallController } from './call.controller.js';
import { CallBatchService } from './call-batch.service.js';
import { CallQueryService } from './call-query.service.js';
import { Call } from './call.entity.js';
import { CallService } from './call.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Call])],
  controllers: [CallController, BillingController, BatchController],
  providers: [CallService, CallBatchService, CallQueryService, BillingService],
  exports: [CallBatchService],
})
export class CallBillingModule {}
