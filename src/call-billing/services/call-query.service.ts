import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  keysetPage,
  type KeysetPage,
} from '../../platform/database/keyset-page.js';
import { encodeCursor } from '../domain/call-cursor.js';
import type { Call } from '../persistence/call.entity.js';
import {
  CallsRepository,
  type CallPageQuery,
} from '../persistence/calls.repository.js';

export type { CallPageQuery } from '../persistence/calls.repository.js';

/** Reads a user's itemised calls, newest first, one keyset page at a time. */
@Injectable()
export class CallQueryService {
  constructor(
    private readonly database: Database,
    private readonly calls: CallsRepository,
  ) {}

  async page(
    userName: string,
    query: CallPageQuery,
  ): Promise<KeysetPage<Call>> {
    const [rows] = await this.database.read(this.calls.page(userName, query));
    return keysetPage(rows, query.limit, (last) =>
      encodeCursor({ createdAt: last.createdAt, id: last.id }),
    );
  }
}
