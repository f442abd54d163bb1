import { PERIOD_PATTERN } from '../../rating/domain/billing-calendar.js';
import { USER_NAME_PATTERN } from '../../call-billing/domain/call-record.rules.js';

/** An opaque page cursor that carries one value matching `pattern`. */
export interface TextCursor {
  encode(value: string): string;
  /** The value, or undefined for anything this service did not issue. */
  decode(cursor: string): string | undefined;
}

function textCursor(pattern: RegExp): TextCursor {
  const encode = (value: string): string =>
    Buffer.from(value).toString('base64url');
  return {
    encode,
    decode(cursor) {
      const value = Buffer.from(cursor, 'base64url').toString();
      // Base64 decoding forgives stray characters; a cursor must be exactly what we encoded.
      return pattern.test(value) && encode(value) === cursor
        ? value
        : undefined;
    },
  };
}

/** `GET /admin/periods` pages, newest first: the last period listed. */
export const periodCursor = textCursor(PERIOD_PATTERN);

/** `GET /admin/periods/{period}/invoices` pages, in number order: the last invoice's user. */
export const invoiceUserCursor = textCursor(USER_NAME_PATTERN);
