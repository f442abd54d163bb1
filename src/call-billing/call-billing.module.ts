import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingController } from './billing.controller.js';
import { BillingService } from './billing.service.js';
import { CallController } from './call.controller.js';
import { Call } from './call.entity.js';
import { CallService } from './call.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Call])],
  controllers: [CallController, BillingController],
  providers: [CallService, BillingService],
})
export class CallBillingModule {}
