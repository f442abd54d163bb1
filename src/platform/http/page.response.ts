import { ApiProperty } from '@nestjs/swagger';
import type { KeysetPage } from '../database/keyset-page.js';

/** A page's `next_cursor`, as every listing answers it. */
export function ApiNextCursor(
  example: string | null = null,
): PropertyDecorator {
  return ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page.',
    type: 'string',
    nullable: true,
    example,
  });
}

/**
 * The body of one page of a listing: `data`, each item as `Item` shows it, then `next_cursor`.
 * A listing's response DTO extends `PageResponse(Item, 'what data holds')` and names its schema.
 */
export function PageResponse<Source, Item>(
  item: new (source: Source) => Item,
  description: string,
  cursorExample: string | null = null,
) {
  class Page {
    @ApiProperty({ type: [item], description })
    readonly data: Item[];

    @ApiNextCursor(cursorExample)
    readonly next_cursor: string | null;

    constructor(page: KeysetPage<Source>) {
      this.data = page.items.map((source) => new item(source));
      this.next_cursor = page.nextCursor;
    }
  }
  return Page;
}
