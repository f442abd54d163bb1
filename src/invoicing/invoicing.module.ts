import { Module } from '@nestjs/common';
import { CallBillingModule } from '../call-billing/call-billing.module.js';
import { RatingModule } from '../rating/rating.module.js';
import { InvoiceController } from './http/invoice.controller.js';
import { PeriodsController } from './http/periods.controller.js';
import { InvoiceReadsRepository } from './persistence/invoice-reads.repository.js';
import { InvoicesRepository } from './persistence/invoices.repository.js';
import { PeriodsRepository } from './persistence/periods.repository.js';
import { ServiceLockRepository } from './persistence/service-lock.repository.js';
import { AutoCloseTicker } from './services/auto-close.ticker.js';
import { CloseLease } from './services/close-lease.js';
import { CloseSteps } from './services/close-steps.js';
import { InvoiceQueryService } from './services/invoice-query.service.js';
import { PeriodCloseService } from './services/period-close.service.js';
import { PeriodQueryService } from './services/period-query.service.js';

/**
 * Billing periods and invoices (SPEC §8): closing periods (on request, from the command line,
 * and by itself), the periods' list and their invoices for accounting, and each user's invoices
 * as JSON or a PDF. The same layers as `call-billing`: `http/`, `domain/`, `services/`,
 * `persistence/`, and the invoice as a PDF in `pdf/`.
 */
@Module({
  imports: [CallBillingModule, RatingModule],
  controllers: [PeriodsController, InvoiceController],
  providers: [
    PeriodsRepository,
    InvoicesRepository,
    InvoiceReadsRepository,
    ServiceLockRepository,
    CloseLease,
    CloseSteps,
    PeriodCloseService,
    PeriodQueryService,
    InvoiceQueryService,
    AutoCloseTicker,
  ],
  exports: [PeriodCloseService, AutoCloseTicker],
})
export class InvoicingModule {}
