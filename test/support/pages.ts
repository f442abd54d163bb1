/** Keyset pages (SPEC §3.3 and §8): `data`, and the cursor of the next page or null. */
export interface Page<T> {
  readonly data: T[];
  readonly next_cursor: string | null;
}

/** Answers the page after `cursor`, or the first page for null. */
export type PageFetch<T> = (cursor: string | null) => Promise<Page<T>>;

/** Each page of a listing, from the first, following `next_cursor` to the last. */
export async function* pagesOf<T>(
  fetch: PageFetch<T>,
): AsyncGenerator<Page<T>> {
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    yield page;
    cursor = page.next_cursor;
  } while (cursor !== null);
}

/** Every item of a listing, page after page. */
export async function everyItem<T>(fetch: PageFetch<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pagesOf(fetch)) items.push(...page.data);
  return items;
}

/** `&cursor=…` to ask for the page after `cursor`, or nothing for the first page. */
export const cursorSuffix = (cursor: string | null): string =>
  cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
