import { Module } from '@nestjs/common';
import { InvoiceController } from './http/invoice.controller.js';
import { InvoiceReadsRepository } from './persistence/invoice-reads.repository.js';
import { InvoiceQueryService } from './services/invoice-query.service.js';

/**
 * Billing periods and invoices: the HTTP API (`http/`), the rules (`domain/`), the use cases
 * (`services/`), the SQL (`persistence/`) and the invoice as a PDF (`pdf/`).
 */
@Module({
  controllers: [InvoiceController],
  providers: [InvoiceReadsRepository, InvoiceQueryService],
})
export class InvoicingModule {}
