/** The position of the last call of a page: its creation time and id. */
export interface CallCursor {
  readonly createdAt: Date;
  readonly id: string;
}

const DECODED = /^(\d{1,15})\.(\d{1,20})$/;
const LAST_DATETIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function encodeCursor({ createdAt, id }: CallCursor): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString('base64url');
}

/** The cursor's position, or undefined for anything this service did not issue. */
export function decodeCursor(cursor: string): CallCursor | undefined {
  const match = DECODED.exec(Buffer.from(cursor, 'base64url').toString());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const time = Number(match[1]);
  // Calls are stored as DATETIME, which ends with the year 9999.
  if (time > LAST_DATETIME_MS) return undefined;
  const position = { createdAt: new Date(time), id: match[2] };
  // Base64 decoding forgives stray characters; a cursor must be exactly what we encoded.
  return encodeCursor(position) === cursor ? position : undefined;
}
