/** One page of a keyset listing: the items to show, and where the next page starts. */
export interface KeysetPage<T> {
  readonly items: T[];
  /** The cursor of the next page; null on the last. */
  readonly nextCursor: string | null;
}

/**
 * A page from rows read with one more than `limit`: that extra row, if it came, says another
 * page follows, which starts after the last row shown (`cursorOf` names its position).
 */
export function keysetPage<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => string,
): KeysetPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}
