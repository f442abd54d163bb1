import { Module } from '@nestjs/common';
import { RatingModule } from '../rating/rating.module.js';
import { BatchController } from './http/batch.controller.js';
import { BillingController } from './http/billing.controller.js';
import { CallController } from './http/call.controller.js';
import { VoidController } from './http/void.controller.js';
import { CreditsRepository } from './persistence/credits.repository.js';
import { VoidService } from './services/void.service.js';
import { LedgerStateRepository } from './persistence/ledger-state.repository.js';
import { RateCorrectionsRepository } from './persistence/rate-corrections.repository.js';
import { RerateService } from './services/rerate.service.js';
import { CallsRepository } from './persistence/calls.repository.js';
import { TotalsRepository } from './persistence/totals.repository.js';
import { BillingService } from './services/billing.service.js';
import { CallBatchService } from './services/call-batch.service.js';
import { CallQueryService } from './services/call-query.service.js';
import { CallRecorder } from './services/call-recorder.js';
import { CallService } from './services/call.service.js';
import { CsvImportService } from './services/csv-import.service.js';
import { TotalsRebuildService } from './services/totals-rebuild.service.js';

/**
 * Calls and bills: the HTTP API (`http/`), the rules (`domain/`), the use cases (`services/`,
 * every write through `CallRecorder`) and the SQL (`persistence/`). The command-line tools use
 * the exported services.
 */
@Module({
  imports: [RatingModule],
  controllers: [
    CallController,
    BillingController,
    BatchController,
    VoidController,
  ],
  providers: [
    CallsRepository,
    TotalsRepository,
    LedgerStateRepository,
    RateCorrectionsRepository,
    CreditsRepository,
    VoidService,
    RerateService,
    CallRecorder,
    CallService,
    CallBatchService,
    CallQueryService,
    BillingService,
    CsvImportService,
    TotalsRebuildService,
  ],
  exports: [
    CsvImportService,
    TotalsRebuildService,
    LedgerStateRepository,
    RerateService,
  ],
})
export class CallBillingModule {}
