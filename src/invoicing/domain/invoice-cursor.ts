const DECODED = /^[1-9]\d{0,18}$/;

/** Where a page of a user's invoices ended: the number of its last (oldest) invoice. */
export function encodeInvoiceCursor(number: bigint): string {
  return Buffer.from(number.toString()).toString('base64url');
}

/** The number the cursor ends at, or undefined for anything this service did not issue. */
export function decodeInvoiceCursor(cursor: string): bigint | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!DECODED.test(text)) return undefined;
  const number = BigInt(text);
  // Base64 decoding forgives stray characters; a cursor must be exactly what we encoded.
  return encodeInvoiceCursor(number) === cursor ? number : undefined;
}
