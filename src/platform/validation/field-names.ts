/** Longest field name echoed in an error: a client's 100 KB key is not sent back whole. */
export const MAX_SHOWN_NAME = 64;

/** A client's key as an error names it, cut at {@link MAX_SHOWN_NAME} characters. */
export function shownName(key: string): string {
  return key.length <= MAX_SHOWN_NAME
    ? key
    : `${key.slice(0, MAX_SHOWN_NAME)}…`;
}
