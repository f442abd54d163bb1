/** The largest number a `bigint` column holds, so the largest an invoice can have. */
const LARGEST = 9_223_372_036_854_775_807n;
const WRITTEN = /^INV-\d{6,19}$/;

/** An invoice number as issued: `INV-` and the number, zero-padded to at least 6 digits. */
export function formatInvoiceNumber(number: bigint): string {
  return `INV-${number.toString().padStart(6, '0')}`;
}

/**
 * The number `text` names, or undefined unless it is written exactly as issued (`INV-000123`,
 * not `INV-123` or `INV-0000123`), so that one invoice has one address.
 */
export function parseInvoiceNumber(text: string): bigint | undefined {
  if (!WRITTEN.test(text)) return undefined;
  const number = BigInt(text.slice(4));
  if (number < 1n || number > LARGEST) return undefined;
  return formatInvoiceNumber(number) === text ? number : undefined;
}
