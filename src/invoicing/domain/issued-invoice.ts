import type { Credit } from '../../call-billing/domain/bill.js';
import type { CallCounts, RateKey } from '../../call-billing/domain/totals.js';

/**
 * An invoice as issued at closing, read back as it was stored: it never changes. Money is in
 * micros (10^-6); every amount of an invoice is written with its `amountDecimals`.
 */
export interface IssuedInvoiceSummary extends CallCounts<number> {
  readonly number: bigint;
  readonly userName: string;
  /** The billing period invoiced, `YYYY-MM`. */
  readonly period: string;
  readonly issuedAt: Date;
  readonly currency: string;
  readonly totalMicros: bigint;
  readonly amountDecimals: number;
}

/** The calls of one rate (plan, version, prefix) in the invoiced period. */
export interface UsageLine extends RateKey, CallCounts<number> {
  readonly kind: 'usage';
  readonly amountMicros: bigint;
}

/** A call voided after its period was invoiced: its amount, negative, given back. */
export type CreditLine = Credit<bigint>;

export type InvoiceLine = UsageLine | CreditLine;

export interface IssuedInvoice extends IssuedInvoiceSummary {
  /** In the order they were issued: usage by plan, version, prefix, then credits. */
  readonly lines: readonly InvoiceLine[];
}
